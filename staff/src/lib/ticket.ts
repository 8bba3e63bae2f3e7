import {
  type CounterStateName,
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
  recall: boolean;
  start: boolean;
  finish: boolean;
  noShow: boolean;
}

/**
 * Which console buttons make sense, following the ticket states
 * (waiting → called → serving → done; called → no_show). A counter calls the next visitor only
 * when it is open and nobody is still called or being served there.
 */
export function actionsFor(counterState: CounterStateName | undefined, status: TicketStatus | undefined): Actions {
  const busy = status === 'called' || status === 'serving';
  return {
    callNext: counterState === 'open' && !busy,
    recall: status === 'called',
    start: status === 'called',
    finish: status === 'serving',
    noShow: status === 'called',
  };
}
