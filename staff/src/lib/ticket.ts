import {
  type CounterStateName,
  type IdentityKind,
  type Lang,
  localized,
  OUTCOME_CATEGORIES,
  type ServiceTopic,
  type TicketStatus,
  type TicketView,
} from '@callboard/hub/client';

export const OUTCOMES = OUTCOME_CATEGORIES;

const CATEGORY_LABEL: Record<string, { zh: string; en: string }> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  follow_up: { zh: '需跟进', en: 'Needs follow-up' },
  referred: { zh: '已转介', en: 'Referred' },
};

/** `resolved:passport` → "Resolved · Passport" (the topic's name from the service, else its id). */
export function outcomeLabel(outcome: string, lang: Lang, topics: readonly ServiceTopic[] = []): string {
  const [category = '', topic] = outcome.split(':', 2);
  const head = CATEGORY_LABEL[category] ? localized(CATEGORY_LABEL[category], lang) : category;
  if (!topic) return head;
  const named = topics.find((x) => x.id === topic);
  return `${head} · ${named ? localized(named.name, lang) : topic}`;
}

/** Whole minutes the visitor waited: from arrival to the first call (or to `now` if not called yet). */
export function waitedMinutes(ticket: Pick<TicketView, 'arrivalAt' | 'events'>, now: number): number {
  const calledAt = ticket.events.find((e) => e.type === 'called')?.at ?? now;
  return Math.max(0, Math.round((calledAt - ticket.arrivalAt) / 60_000));
}

export interface Actions {
  callNext: boolean;
  /** Finish the current visit (starting it first if only called) and call the next visitor: the main key. */
  finishAndNext: boolean;
  recall: boolean;
  start: boolean;
  finish: boolean;
  transfer: boolean;
  noShow: boolean;
}

/**
 * Which console buttons make sense, following the ticket states
 * (waiting → called → serving → done; called → no_show). Finish and transfer also take a ticket
 * that is only called (the console starts it first): a visitor who walked up is being served.
 * With a visitor at the counter the main key finishes that visit and calls the next one.
 */
export function actionsFor(counterState: CounterStateName | undefined, status: TicketStatus | undefined): Actions {
  const busy = status === 'called' || status === 'serving';
  return {
    callNext: counterState === 'open' && !busy,
    finishAndNext: counterState === 'open' && busy,
    recall: status === 'called',
    start: status === 'called',
    finish: busy,
    transfer: busy,
    noShow: status === 'called',
  };
}

export type ActionName = keyof Actions;
/** Why a console button is disabled, as a message key (shown beside it and as its tooltip). */
export type DisabledReason =
  | 'why_counterPaused'
  | 'why_counterClosed'
  | 'why_noTicket'
  | 'why_alreadyStarted'
  | 'why_recallOnlyCalled'
  | 'why_chooseService'
  | 'why_busy';

export function disabledReason(
  action: ActionName,
  counterState: CounterStateName | undefined,
  status: TicketStatus | undefined,
): DisabledReason | null {
  if (actionsFor(counterState, status)[action]) return null;
  if ((action === 'callNext' || action === 'finishAndNext') && counterState !== 'open')
    return counterState === 'paused' ? 'why_counterPaused' : 'why_counterClosed';
  if (action === 'callNext') return 'why_busy';
  const busy = status === 'called' || status === 'serving';
  if (!busy) return 'why_noTicket';
  if (action === 'start' || action === 'noShow') return 'why_alreadyStarted';
  if (action === 'recall') return 'why_recallOnlyCalled';
  return null;
}

/** The outcome the finish form starts with: the clerk's last one, when it is still a known category. */
export function defaultOutcome(last: string | null): (typeof OUTCOMES)[number] {
  return (OUTCOMES as readonly string[]).includes(last ?? '') ? (last as (typeof OUTCOMES)[number]) : 'resolved';
}

/** The label of a visitor's identity by its kind: a phone number is not an ID. */
export function identityLabel(
  kind: IdentityKind | undefined,
): 'identity_id-card' | 'identity_phone' | 'identity_qr' | 'identity' {
  return kind ? `identity_${kind}` : 'identity';
}

/** A remote ticket whose visitor has not checked in yet (kept in line, passed over until they do). */
export function awaitsArrival(ticket: Pick<TicketView, 'arrival'>): boolean {
  const a = ticket.arrival;
  return a !== undefined && a.confirmedAt === undefined && a.lapsedAt === undefined;
}
