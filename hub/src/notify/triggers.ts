/**
 * When a visitor's "tell me when" fires (pure: the ticket's state and place are handed in).
 * Each fires at most once per ticket: "N ahead" while the ticket waits with N or fewer ahead of
 * it (also at once if it already is when the visitor asks), "called" on its first call.
 */
import type { TicketStatus } from '../protocol';

export interface Subscription {
  aheadAt: number | null;
  onCall: boolean;
  firedAhead: boolean;
  firedCalled: boolean;
}

export type Trigger = 'ahead' | 'called';

export function dueTriggers(sub: Subscription, ticket: { status: TicketStatus; ahead: number }): Trigger[] {
  const due: Trigger[] = [];
  if (sub.aheadAt !== null && !sub.firedAhead && ticket.status === 'waiting' && ticket.ahead <= sub.aheadAt) due.push('ahead');
  if (sub.onCall && !sub.firedCalled && ticket.status === 'called') due.push('called');
  return due;
}

/** A ticket in one of these states will never be called again today: its phone goes. */
export function isOver(status: TicketStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'no_show' || status === 'transferred';
}
