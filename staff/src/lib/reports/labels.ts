/** How the report sections name things (services, clerks, statuses, outcomes, times) in one language. */
import { className, type Lang } from '@callboard/hub/client';
import { type MessageKey, messages, t } from '$lib/messages';
import { labelKey, type PairFilter, type Reports, serviceName, staffName } from '$lib/reports.svelte';

type Labels = Parameters<typeof serviceName>[0];

export function reportLabels(lang: Lang, labels: Labels) {
  // '' is a phone call whose service the PBX did not say (docs/phone.md).
  const svc = (id: string) => (id === '' ? t(lang, 'phoneNoService') : serviceName(labels, lang, id, t(lang, 'total')));
  const who = (id: string) => staffName(labels, id, t(lang, 'total'));
  return {
    lang,
    t,
    svc,
    who,
    /** A priority class by the site's name for it. */
    cls: (id: string) => className(id, lang, labels?.classes),
    clerkName: (id: string) => (id === '' ? t(lang, 'unknownClerk') : who(id)),
    windowLabel: (h: number) => (h % 24 === 0 ? t(lang, 'days', { n: h / 24 }) : t(lang, 'hours', { n: h })),
    statusName: (s: string) => {
      const key = labelKey<MessageKey>(messages, 'status_', s);
      return key ? t(lang, key) : s;
    },
    outcomeName: (o: string | null) => {
      if (o === null) return '–';
      const key = labelKey<MessageKey>(messages, 'outcome_', o);
      return key ? t(lang, key) : o;
    },
    dateTime: (at: number | null) =>
      at === null
        ? '–'
        : new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
          }),
    /** What the drill-down was opened from, for its title. */
    filterLabel: (f: PairFilter) => {
      const parts: string[] = [];
      if (f.staffId !== undefined && f.staffId !== '*') parts.push(who(f.staffId));
      if (f.serviceId !== undefined && f.serviceId !== '*') parts.push(svc(f.serviceId));
      if (f.toServiceId !== undefined) parts.push(`→ ${svc(f.toServiceId)}`);
      return parts.length ? parts.join(' · ') : t(lang, 'pairsAll');
    },
  };
}

export type ReportLabels = ReturnType<typeof reportLabels>;

/** What every report section is given: the loaded reports and the labels of the reader's language. */
export interface SectionProps {
  r: Reports;
  l: ReportLabels;
}
