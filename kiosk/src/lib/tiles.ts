import type { BoardSnapshot, Localized, QueueReply, Service, ServiceHours } from '@callboard/hub/client';

/** One button on the "choose service" screen. `null` counts mean "not known yet". */
export interface Tile {
  id: string;
  prefix: string;
  name: Localized;
  waiting: number | null;
  estimatedWaitSec: number | null;
  /** Within opening hours (from the REST queue; the board does not carry it). */
  open: boolean;
  /** Opening hours when the service has any (to tell a visitor when to come back). */
  hours?: ServiceHours[];
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
        open: q?.open ?? true,
        ...(s.hours ? { hours: s.hours } : {}),
      };
    });
}

/** Today's opening hours as `08:30–12:00, 13:30–17:00`; `null` when the service has none today. */
export function hoursToday(hours: ServiceHours[] | undefined, weekday: number): string | null {
  const today = (hours ?? []).filter((h) => h.days.includes(weekday)).map((h) => `${h.open}–${h.close}`);
  return today.length > 0 ? today.join(', ') : null;
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
