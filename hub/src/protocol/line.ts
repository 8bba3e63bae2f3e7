/**
 * A service's line: the board cut to one service, on its own retained topic (`lines/<serviceId>`).
 *
 * Why: a visitor's phone on the tracking page shows its own service only, yet it used to follow the
 * whole board and every call of the site. At a busy site that made each call a copy of the board and
 * of the call to every phone (1,500 phones: 3,000 copies per call on top of the screens'), and a
 * phone's data and battery paid for every other service's calls. A phone now follows its service's
 * line: one message, only when that line changed (a call of another service sends it nothing).
 *
 * The line keeps the board's shape (`BoardSnapshot`, one service), so the page reads it with the same
 * functions it used on the board. Numbers only: not even the masked names some screens show.
 */
import type { BoardSnapshot } from './messages';

/**
 * The board cut to `serviceId`: that service's figures and the counters with one of its numbers now.
 * No calls list and no notices (the page shows neither; the board's recent calls of the whole site
 * would change the line at every other service's call).
 */
export function lineOf(board: BoardSnapshot, serviceId: string): BoardSnapshot {
  const line: BoardSnapshot = {
    v: 1,
    siteId: board.siteId,
    siteName: board.siteName,
    at: board.at,
    businessDate: board.businessDate,
    calls: [],
    services: board.services.filter((s) => s.id === serviceId),
    notices: [],
  };
  if (board.setupVersion !== undefined) line.setupVersion = board.setupVersion;
  if (board.timeZone !== undefined) line.timeZone = board.timeZone;
  if (board.counters)
    line.counters = board.counters.flatMap((c) => {
      if (c.current?.serviceId !== serviceId) return [];
      // A phone shows numbers only: the masked name a screen may show (namesOnScreens) is left out.
      const { name: _name, nameOnly: _nameOnly, ...current } = c.current;
      return [{ ...c, current }];
    });
  return line;
}

/**
 * What tells two lines apart for a phone: everything but the time of the snapshot (a board is stamped
 * anew at every publish; an unchanged line must not be sent again).
 */
export function lineKey(line: BoardSnapshot): string {
  return JSON.stringify({ ...line, at: 0 });
}
