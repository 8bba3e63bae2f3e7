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
