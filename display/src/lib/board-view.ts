/** What a board shows from a snapshot, given its configuration: pure, so it is tested alone. */
import type { BoardCall, BoardCounter, BoardService, BoardSnapshot, Notice } from '@callboard/hub/client';
import type { DisplayConfig } from './config';

/** A counter's tile on the per-counter board. */
export interface CounterTile extends BoardCounter {
  /** Holds the newest call on the board (highlighted until another counter calls). */
  newest: boolean;
}

export interface BoardView {
  /** The newest call whose ticket is still called or served at its counter. */
  current: BoardCall | null;
  /** Earlier calls, newest first, each number once, without the current one. */
  recent: BoardCall[];
  /** Open and paused counters serving a shown service, in configuration order. */
  counters: CounterTile[];
  services: BoardService[];
  notices: Notice[];
}

/** Whether a call is still on at its counter (always, for a hub too old to send `counters`). */
function stillOn(call: BoardCall, counters: BoardCounter[] | undefined): boolean {
  if (!counters) return true;
  const at = counters.find((c) => c.id === call.counterId);
  return at?.current?.number === call.number;
}

export function boardView(board: BoardSnapshot, config: Pick<DisplayConfig, 'services' | 'recent'>): BoardView {
  const shown = config.services ? new Set(config.services) : null;
  const calls = shown ? board.calls.filter((c) => shown.has(c.serviceId)) : board.calls;
  const current = calls.find((c) => stillOn(c, board.counters)) ?? null;
  const seen = new Set(current ? [current.number] : []);
  const recent: BoardCall[] = [];
  for (const c of calls) {
    if (recent.length >= config.recent) break;
    if (seen.has(c.number)) continue;
    seen.add(c.number);
    recent.push(c);
  }
  const visible = (board.counters ?? []).filter(
    (c) =>
      c.state !== 'closed' && (!shown || c.services.some((s) => shown.has(s)) || (c.current && shown.has(c.current.serviceId))),
  );
  let newest: BoardCounter | null = null;
  for (const c of visible) if (c.current && (!newest?.current || c.current.calledAt > newest.current.calledAt)) newest = c;
  return {
    current,
    recent,
    counters: visible.map((c) => ({ ...c, newest: c === newest })),
    services: shown ? board.services.filter((s) => shown.has(s.id)) : board.services,
    notices: board.notices,
  };
}

/** Identifies a call on screen: the same number called again later is a new call. */
export function callKey(call: Pick<BoardCall, 'number' | 'at'>): string {
  return `${call.number}@${call.at}`;
}

/** Identifies what a counter tile shows: a new number, or the same one recalled, is a new key. */
export function tileKey(tile: Pick<BoardCounter, 'current'>): string | null {
  return tile.current ? `${tile.current.number}@${tile.current.calledAt}` : null;
}

/**
 * The counters whose tile shows a new call since the last snapshot (`seen`, updated in place).
 * The first snapshot a screen gets flashes nothing: it is the state, not news.
 */
export function freshCalls(
  seen: Map<string, string | null>,
  tiles: Pick<BoardCounter, 'id' | 'current'>[],
  first: boolean,
): string[] {
  const fresh: string[] = [];
  for (const t of tiles) {
    const key = tileKey(t);
    if (!first && key !== null && seen.get(t.id) !== key) fresh.push(t.id);
    seen.set(t.id, key);
  }
  return fresh;
}

/** Minimum tile proportions: the number (≈ 2.6 em wide for `A001`) under the counter's name (≈ 1.8 em tall in all). */
const EM_PER_WIDTH = 3;
const EM_PER_HEIGHT = 1.8;

/**
 * Columns and rows for `n` counter tiles in an area of `width`×`height`: the shape that gives
 * the largest number, preferring fewer columns on a tie. Returns the number's size in px too.
 */
export function gridShape(n: number, width: number, height: number, gap = 0): { cols: number; rows: number; em: number } {
  let best = { cols: 1, rows: Math.max(1, n), em: 0 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.max(1, Math.ceil(n / cols));
    const w = (width - gap * (cols - 1)) / cols;
    const h = (height - gap * (rows - 1)) / rows;
    const em = Math.min(w / EM_PER_WIDTH, h / EM_PER_HEIGHT);
    if (em > best.em + 0.5) best = { cols, rows, em };
  }
  return best;
}

/** People waiting for the services a counter serves (its idle screen shows it); null before the board is known. */
export function waitingFor(board: BoardSnapshot | null, counterId: string): number | null {
  const counter = board?.counters?.find((c) => c.id === counterId);
  if (!board || !counter) return null;
  return board.services.filter((s) => counter.services.includes(s.id)).reduce((n, s) => n + s.waiting, 0);
}
