/**
 * When a called visitor who does not come becomes a no-show without a clerk pressing the
 * button (policy `noShow`), and whether a no-show may be put back in the line.
 */
import type { Ticket } from '../protocol';
import type { NoShowRule } from './policy';

/** Time of the last call or recall (the visitor's last chance to come), or undefined if never called. */
export function lastCallAt(t: Ticket): number | undefined {
  for (let i = t.events.length - 1; i >= 0; i--) {
    const e = t.events[i];
    if (e?.type === 'called' || e?.type === 'recalled') return e.at;
    if (e?.type === 'requeued' || e?.type === 'issued') return undefined;
  }
  return undefined;
}

/**
 * Why a called ticket should become a no-show now, or undefined. `timeout`: not started
 * `afterMs` after its last call or recall (checked on every queue operation). `recalls`: recalled
 * `afterRecalls` times and its counter calls the next visitor (checked only then, because
 * "call next" is when the clerk gives up on this visitor).
 */
export function noShowReason(t: Ticket, now: number, rule: NoShowRule, atCallNext: boolean): 'timeout' | 'recalls' | undefined {
  if (t.status !== 'called') return undefined;
  const last = lastCallAt(t);
  if (rule.afterMs !== undefined && last !== undefined && now - last >= rule.afterMs) return 'timeout';
  if (atCallNext && rule.afterRecalls !== undefined && t.recalls >= rule.afterRecalls) return 'recalls';
  return undefined;
}

/** When the ticket became a no-show (its latest no_show event). */
export function noShowAt(t: Ticket): number | undefined {
  for (let i = t.events.length - 1; i >= 0; i--) if (t.events[i]?.type === 'no_show') return t.events[i]?.at;
  return undefined;
}
