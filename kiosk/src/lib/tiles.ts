import type { BoardSnapshot, Localized, QueueReply, Service } from '@callboard/hub/client';

/** One button on the "choose service" screen. `null` counts mean "not known yet". */
export interface Tile {
  id: string;
  prefix: string;
  name: Localized;
  waiting: number | null;
  estimatedWaitSec: number | null;
  /** Within opening hours (from the REST queue; the board does not carry it). */
  open: boolean;
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
      };
    });
}
