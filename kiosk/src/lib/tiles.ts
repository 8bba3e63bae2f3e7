import type { BoardSnapshot, Lang, Localized, QueueReply, Service, ServiceHours, WaitRange } from '@callboard/hub/client';

/** One button on the "choose service" screen. `null` counts mean "not known yet". */
export interface Tile {
  id: string;
  prefix: string;
  name: Localized;
  waiting: number | null;
  estimatedWaitSec: number | null;
  /** The estimate as a range (biased late), as the ticket, the board and the phone page show it. */
  estimatedWaitRange?: WaitRange;
  /** Within opening hours (from the REST queue; the board does not carry it). */
  open: boolean;
  /** Opening hours when the service has any (to tell a visitor when to come back). */
  hours?: ServiceHours[];
  /** When a closed service opens next, as the hub says (its hours with today's extension or early closing). */
  nextOpenAt?: number;
}

/**
 * The walk-in services as tiles: names and order from the service list, counts from whichever
 * of the REST queue reply and the live board snapshot is newer (both are stamped by the hub).
 */
export function mergeTiles(services: Service[], queue: QueueReply | null, board: BoardSnapshot | null): Tile[] {
  const boardIsNewer = board !== null && (queue === null || board.at >= queue.at);
  return services
    .filter((s) => s.walkIns)
    .map((s) => {
      const q = queue?.services.find((x) => x.serviceId === s.id);
      const b = board?.services.find((x) => x.id === s.id);
      const counts = boardIsNewer ? (b ?? q) : (q ?? b);
      return {
        id: s.id,
        prefix: s.prefix,
        name: s.name,
        waiting: counts?.waiting ?? null,
        estimatedWaitSec: counts?.estimatedWaitSec ?? null,
        ...(counts?.estimatedWaitRange ? { estimatedWaitRange: counts.estimatedWaitRange } : {}),
        open: q?.open ?? true,
        ...(s.hours ? { hours: s.hours } : {}),
        ...(q?.nextOpenAt !== undefined ? { nextOpenAt: q.nextOpenAt } : {}),
      };
    });
}

/** Today's opening hours as `08:30–12:00, 13:30–17:00`; `null` when the service has none today. */
export function hoursToday(hours: ServiceHours[] | undefined, weekday: number): string | null {
  const today = (hours ?? []).filter((h) => h.days.includes(weekday)).map((h) => `${h.open}–${h.close}`);
  return today.length > 0 ? today.join(', ') : null;
}

/**
 * When a closed service opens next, in words: "今天 13:30" / "today 13:30", "明天 08:30" /
 * "tomorrow 08:30", else the date ("12月7日 周一 08:30" / "Mon 7 Dec 08:30"). In the site's zone
 * when known (the board says it), else the kiosk's own clock's.
 */
export function nextOpeningText(at: number, now: number, lang: Lang, timeZone?: string): string {
  const zone = timeZone ? { timeZone } : {};
  const dayOf = (t: number) =>
    new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const time = new Intl.DateTimeFormat('en-GB', { ...zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const days = Math.round((Date.parse(dayOf(at)) - Date.parse(dayOf(now))) / 86_400_000);
  if (days === 0) return lang === 'zh' ? `今天 ${time}` : `today ${time}`;
  if (days === 1) return lang === 'zh' ? `明天 ${time}` : `tomorrow ${time}`;
  const date = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    ...zone,
    month: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(at);
  return `${date} ${time}`;
}

/** The tiles of one screen: all of them, or `perPage` at a time (elderly mode: fewer choices). */
export function pageOf<T>(items: T[], page: number, perPage: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * perPage, (p + 1) * perPage), page: p, pages };
}

/** Senior-mode tiles: at least this many rem tall and wide (≈ 160 × 430 px on a 1080p kiosk), this far apart. */
export const SENIOR_TILE = { minHeightRem: 4.5, minWidthRem: 12, gapRem: 1, maxColumns: 3 } as const;

/**
 * How many service tiles fit on one senior-mode screen: the tile area (what is left between the
 * heading and the appointment button) filled with tiles of at least `SENIOR_TILE`, at most 3
 * columns (1 in portrait). Every service goes on one page when they fit; paging only when they
 * truly do not.
 */
export function tilesThatFit(area: { width: number; height: number }, rem: number, portrait: boolean): number {
  if (area.width <= 0 || area.height <= 0 || rem <= 0) return 1;
  const gap = SENIOR_TILE.gapRem * rem;
  const fitCols = Math.floor((area.width + gap) / (SENIOR_TILE.minWidthRem * rem + gap));
  const cols = portrait ? 1 : Math.max(1, Math.min(SENIOR_TILE.maxColumns, fitCols));
  const rows = Math.max(1, Math.floor((area.height + gap) / (SENIOR_TILE.minHeightRem * rem + gap)));
  return cols * rows;
}
