/**
 * When the phone tracking page asks the hub again for its ticket (`GET /track/{token}`): the rule
 * the page runs (track.svelte.ts) and the bench's 1,500 phones run too (test/bench/lib/phones-child.ts
 * imports this module), so the bench measures what the page does. Pure: times are arguments.
 */
import type { BoardSnapshot, TrackView } from '@callboard/hub/client';

/** The page asks again this long after its last answer in any case (15 s while the live link is down). */
export const POLL_MS = 30_000;
export const POLL_OFFLINE_MS = 15_000;
/** At most one refresh per this long from board updates (a busy hall changes every second). */
export const THROTTLE_MS = 2_000;
/**
 * After a board that moved its service, a page waits a random 0–SPREAD_MS before asking. Every
 * phone of the service receives the same board within a few milliseconds: asking at once, the
 * phones of a service (500 in the bench) all landed on the hub in the same instant, just while it
 * was still delivering that call to the other subscribers, and the call after queued behind their
 * answers. Spread over 1.5 s — under the 2 s between calls of a busy hall, and unnoticeable on a
 * place in line or an estimate (the visitor's own call is never delayed, see `boardStep`) — the
 * same requests no longer queue behind each other. The price: each request then costs the hub more
 * CPU than one in a burst (docs/performance.md, "2,000 live subscribers on one hub").
 */
export const SPREAD_MS = 1_500;
/**
 * The estimate alone moving by less than this share (and less than a minute) is not worth asking:
 * the page shows it as a wide range (a 15-minute estimate as 11–27 min), and it moves that little
 * with every finished visit (its counter time feeds the service's learned time) and with every
 * re-measured arrival rate. The next move of the line or the 30 s poll brings the new figure.
 */
export const ESTIMATE_TOLERANCE = 0.1;
export const ESTIMATE_TOLERANCE_MIN_SEC = 60;

/**
 * Whether a board snapshot says this ticket changed at a counter: it is shown as called or served
 * but no counter has it any more (no-show, finish, transfer), or a counter has it while it is
 * shown as waiting. Then the page refreshes at once instead of after its throttle.
 */
export function boardNews(view: Pick<TrackView, 'number' | 'serviceId' | 'status'>, board: BoardSnapshot): boolean {
  if (!board.counters) return false;
  const atCounter = board.counters.some((c) => c.current?.number === view.number);
  if (view.status === 'called' || view.status === 'serving') return !atCounter;
  return view.status === 'waiting' && atCounter;
}

/**
 * Whether `next` can have changed what the page shows of a ticket of `serviceId` (its place or
 * its estimate) since `seen`, the board the page knew when it last asked: the service's line grew
 * or shrank, its open counters changed, a counter called a number of this service (its line moved
 * forward), or its estimate moved beyond the tolerance above. Not: another service's call, and not
 * one of this service's numbers leaving its counter (a finished visit moves nobody waiting; the
 * page reads who is being called from the board itself, `nowCalling`).
 */
export function serviceMoved(seen: BoardSnapshot | null, next: BoardSnapshot, serviceId: string): boolean {
  if (!seen) return true;
  const [a, b] = [seen, next].map((x) => x.services.find((s) => s.id === serviceId));
  if (!a || !b) return a !== b;
  if (a.waiting !== b.waiting || a.openCounters !== b.openCounters) return true;
  const called = new Set((seen.counters ?? []).flatMap((c) => (c.current?.serviceId === serviceId ? [c.current.number] : [])));
  if ((next.counters ?? []).some((c) => c.current?.serviceId === serviceId && !called.has(c.current.number))) return true;
  const step = Math.abs(b.estimatedWaitSec - a.estimatedWaitSec);
  return step >= Math.max(ESTIMATE_TOLERANCE_MIN_SEC, ESTIMATE_TOLERANCE * a.estimatedWaitSec);
}

/**
 * Whether its number, at a counter on both boards, was called again there since `seen` (a recall:
 * the counter's `calledAt` moved). The page used to learn of recalls from the calls topic; it now
 * follows its service's line only, where a recall shows as the counter's new call time.
 */
export function calledAgain(number: string, seen: BoardSnapshot | null, board: BoardSnapshot): boolean {
  const at = (b: BoardSnapshot) => (b.counters ?? []).find((c) => c.current?.number === number)?.current?.calledAt;
  const before = seen ? at(seen) : undefined;
  const now = at(board);
  return before !== undefined && now !== undefined && now !== before;
}

/**
 * What a board message makes the page do: ask `now` (its ticket changed at a counter), `soon`
 * (its service moved, or it has no view yet: after `soonWait`), or nothing.
 */
export function boardStep(
  view: Pick<TrackView, 'number' | 'serviceId' | 'status'> | null,
  seen: BoardSnapshot | null,
  board: BoardSnapshot,
): 'now' | 'soon' | 'none' {
  if (view && (boardNews(view, board) || calledAgain(view.number, seen, board))) return 'now';
  return !view || serviceMoved(seen, board, view.serviceId) ? 'soon' : 'none';
}

/**
 * What to do once an answer is back: a board that came while the request was out was judged against
 * the view before the answer, so judge the latest board again against the new view and the board the
 * request went out with. (A clerk's call, start and finish in quick succession: the line showing the
 * call asks; the line showing the number gone arrives while that request is out, and judged against
 * the old "waiting" view it says nothing — with an answer of "called", the page would wait for its
 * poll to learn that the visit ended.)
 */
export function stepAfterAnswer(
  view: Pick<TrackView, 'number' | 'serviceId' | 'status'>,
  sentWith: BoardSnapshot | null,
  latest: BoardSnapshot | null,
): 'now' | 'soon' | 'none' {
  if (!latest || latest === sentWith) return 'none';
  return boardStep(view, sentWith, latest);
}

/** How long to wait before a `soon` refresh: the rest of the throttle, or a random spread if longer. */
export function soonWait(lastFetchAt: number, now: number, random: () => number = Math.random): number {
  return Math.max(lastFetchAt + THROTTLE_MS - now, Math.floor(random() * SPREAD_MS));
}
