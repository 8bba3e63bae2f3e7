/** What a board shows from a snapshot, given its configuration: pure, so it is tested alone. */
import type { BoardCall, BoardService, BoardSnapshot, Notice } from '@callboard/hub/client';
import type { DisplayConfig } from './config';

export interface BoardView {
  current: BoardCall | null;
  recent: BoardCall[];
  services: BoardService[];
  notices: Notice[];
}

export function boardView(board: BoardSnapshot, config: Pick<DisplayConfig, 'services' | 'recent'>): BoardView {
  const shown = config.services ? new Set(config.services) : null;
  const calls = shown ? board.calls.filter((c) => shown.has(c.serviceId)) : board.calls;
  return {
    current: calls[0] ?? null,
    recent: calls.slice(1, 1 + config.recent),
    services: shown ? board.services.filter((s) => shown.has(s.id)) : board.services,
    notices: board.notices,
  };
}

/** Identifies a call on screen: the same number called again later is a new call. */
export function callKey(call: Pick<BoardCall, 'number' | 'at'>): string {
  return `${call.number}@${call.at}`;
}
