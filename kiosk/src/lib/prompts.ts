/** What the kiosk says (voice.ts) on entering a screen, and about the ticket it shows. */
import type { Lang } from '@callboard/hub/client';
import type { IssuedResult, Screen } from './kiosk-types';
import { type MessageKey, t } from './messages';
import { spellNumber } from './voice';

const SCREEN_PROMPTS: Partial<Record<Screen, MessageKey>> = {
  welcome: 'sayWelcome',
  identity: 'sayIdentity',
  card: 'cardTitle',
  scan: 'scanTitle',
  phone: 'phoneTitle',
  appointment: 'apptTitle',
  missed: 'missedTitle',
};

/** The prompt of a screen (the ticket screen's is `resultPrompt`). */
export function screenPrompt(screen: Screen): MessageKey | undefined {
  return SCREEN_PROMPTS[screen];
}

/** The ticket on screen: its number, and how many are ahead (or that it was there already, or is back in line). */
export function resultPrompt(r: IssuedResult, lang: Lang): { key: MessageKey; params: Record<string, string | number> } {
  const number = spellNumber(r.ticket.number);
  if (r.existing) return { key: 'sayExisting', params: { number } };
  if (r.requeued) return { key: 'sayMissedBack', params: { number } };
  const ahead = r.ticket.position === 0 ? t(lang, 'youAreNext') : t(lang, 'peopleAhead', { n: r.ticket.position });
  return { key: 'sayNumber', params: { number, ahead } };
}
