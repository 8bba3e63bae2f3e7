/**
 * Callback tickets (virtual hold, docs/phone.md): a phone caller keeps a place in the same line
 * as the walk-ins and a clerk calls them back. Two rules are the callback's own:
 *
 * - a callback is not called before `callback.notBefore` (the caller's preferred window opens,
 *   or a call nobody answered is tried again later): call-next passes it over until then, and
 *   it keeps its place in the line meanwhile;
 * - "no answer — try again later" puts the ticket back in its line, not before `retryMs`, at
 *   most `maxAttempts` unanswered calls in all; the last one finishes it as `unreachable`.
 *
 * Pure: time is an argument.
 */
import { type Actor, type CallbackInfo, CallboardError, type Ticket, type TicketEvent } from '../protocol';

/** The outcome of a callback ticket whose every attempt went unanswered. */
export const UNREACHABLE_OUTCOME = 'unreachable';

/** The callback part of a new callback ticket. */
export function newCallback(masked: string, window: { from?: number; to?: number } = {}): CallbackInfo {
  return {
    masked,
    attempts: 0,
    ...(window.from !== undefined ? { notBefore: window.from } : {}),
    ...(window.to !== undefined ? { windowTo: window.to } : {}),
  };
}

/** Whether call-next must pass this waiting ticket over at `now` (a callback whose time has not come). */
export function heldUntilLater(t: Ticket, now: number): boolean {
  const notBefore = t.callback?.notBefore;
  return notBefore !== undefined && now < notBefore;
}

/**
 * The caller did not answer: back in the line (its place kept) and not called again before
 * `at + retryMs`, or, at the `maxAttempts`-th unanswered call, finished as unreachable.
 */
export function noAnswerTicket(t: Ticket, p: { at: number; by: Actor; retryMs: number; maxAttempts: number }): Ticket {
  if (!t.callback)
    throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} is not a callback: "no answer" is for callbacks`, {
      ticketId: t.id,
      action: 'no-answer',
    });
  if (t.status !== 'called' && t.status !== 'serving')
    throw new CallboardError(
      'ILLEGAL_TRANSITION',
      `ticket ${t.number} is ${t.status}: only a callback being made can go unanswered`,
      {
        ticketId: t.id,
        from: t.status,
        action: 'no-answer',
      },
    );
  const attempts = t.callback.attempts + 1;
  if (attempts >= p.maxAttempts) {
    const event: TicketEvent = {
      type: 'finished',
      at: p.at,
      by: p.by,
      ...(t.counterId ? { counterId: t.counterId } : {}),
      note: `no answer ${attempts} time(s): unreachable`,
    };
    const { notBefore: _n, ...callback } = t.callback;
    return {
      ...t,
      status: 'done',
      outcome: UNREACHABLE_OUTCOME,
      callback: { ...callback, attempts, unreachable: true },
      events: [...t.events, event],
    };
  }
  const { counterId: _c, staffId: _s, atHead: _h, ...rest } = t;
  const event: TicketEvent = {
    type: 'requeued',
    at: p.at,
    by: p.by,
    note: `no answer (${attempts} of ${p.maxAttempts}): call back after ${Math.round(p.retryMs / 60_000)} min`,
  };
  return {
    ...rest,
    status: 'waiting',
    recalls: 0,
    callback: { ...t.callback, attempts, notBefore: p.at + p.retryMs },
    events: [...t.events, event],
  };
}
