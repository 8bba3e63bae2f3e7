/**
 * The phone page's fairness line: "3 people who came after you were called first: 2 Priority,
 * 1 Returning" (TrackView.calledBefore; docs/queue-policy.md "Who went before you").
 */
import { className, type Lang, type TrackView } from '@callboard/hub/client';
import { t } from './messages';

export function calledBeforeText(cb: TrackView['calledBefore'], lang: Lang): string | undefined {
  if (!cb || cb.total === 0) return undefined;
  const sep = lang === 'zh' ? '、' : ', ';
  const parts = Object.entries(cb.byReason)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => t(lang, 'calledBeforePart', { n, what: reasonText(reason, lang) }));
  return t(lang, 'calledBefore', { n: cb.total, parts: parts.join(sep) });
}

/** A transfer put at the head, a supervisor's pick (`pick`), else the class they ranked in. */
function reasonText(reason: string, lang: Lang): string {
  if (reason === 'transfer') return t(lang, 'calledBeforeTransfer');
  if (reason === 'pick') return t(lang, 'calledBeforePick');
  return className(reason, lang);
}
