/**
 * The floor's "wait promises kept" cell: of today's called visitors of a service, how many were
 * called inside the wait range they were shown at issue (docs/queue-policy.md "Waits as a range").
 */
import type { Lang, ServiceLevel } from '@callboard/hub/client';
import { t } from './messages';

export function promisesKept(p: ServiceLevel['promises'] | undefined, lang: Lang): string {
  if (!p || p.share === null) return '—';
  const line = t(lang, 'promisesKeptValue', {
    pct: Math.round(p.share * 100),
    inside: p.inside,
    called: p.called,
    late: p.late,
  });
  return p.medianWidthSec === null ? line : `${line} · ${t(lang, 'promisesWidth', { min: Math.round(p.medianWidthSec / 60) })}`;
}
