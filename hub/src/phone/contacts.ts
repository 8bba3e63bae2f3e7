/**
 * Callbacks as phone contacts (docs/phone.md "What is stored"): a callback ticket that ended —
 * finished with the caller on the line, or unreachable after the last unanswered call — is one
 * `callback` contact in the phone-contacts store, for the callback success rate per hour. Pure.
 * (Calls at the desks are recorded by the screen-pops, screen-pops.ts.)
 */
import type { PhoneContact, Ticket } from '../protocol';
import { UNREACHABLE_OUTCOME } from '../queue';

/** The contact of a callback ticket that has ended; undefined while it is open, or not a callback. */
export function callbackContact(t: Ticket): PhoneContact | undefined {
  if (!t.callback || t.status !== 'done') return undefined;
  const finished = t.events.findLast((e) => e.type === 'finished');
  if (!finished) return undefined;
  const called = t.events.findLast((e) => e.type === 'called' && e.at <= finished.at);
  const started = t.events.findLast((e) => e.type === 'started' && e.at <= finished.at);
  const unreachable = t.callback.unreachable === true || t.outcome === UNREACHABLE_OUTCOME;
  const startedAt = called?.at ?? t.issuedAt;
  const answeredAt = unreachable ? undefined : (started?.at ?? startedAt);
  return {
    id: `callback:${t.id}`,
    kind: 'callback',
    businessDate: t.businessDate,
    startedAt,
    ...(answeredAt !== undefined ? { answeredAt } : {}),
    endedAt: finished.at,
    outcome: unreachable ? 'unreachable' : 'answered',
    ...(t.staffId ? { staffId: t.staffId } : {}),
    serviceId: t.serviceId,
    ringSec: Math.max(0, Math.round(((answeredAt ?? finished.at) - startedAt) / 1000)),
    ...(answeredAt !== undefined ? { talkSec: Math.max(0, Math.round((finished.at - answeredAt) / 1000)) } : {}),
    ...(t.identity ? { callerHmac: t.identity.hmac, callerMasked: t.identity.masked } : {}),
    ticketNumber: t.number,
  };
}
