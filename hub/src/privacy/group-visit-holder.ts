/**
 * The group pseudonyms of a site in a group (`uplink.groupKey`): each closed day's row in
 * daily_stats.db carries the day's identified visits for head office (analytics/group-visits.ts).
 * They age out with the visits' identity (`retention.identityDays`), and leave with a person's
 * erasure.
 */
import { dropGroupVisitsBefore, dropGroupVisitsOf, type UplinkOutboxRepository } from '../store';
import type { PersonalDataHolder } from './holders';

export function groupVisitHolder(deps: { dataDir: string }): PersonalDataHolder {
  return {
    name: 'group-visits',
    async ageOut({ identityBefore }) {
      return { days: await dropGroupVisitsBefore(deps.dataDir, identityBefore) };
    },
    async erase(_hmac, groups) {
      return { days: await dropGroupVisitsOf(deps.dataDir, groups) };
    },
  };
}

/** What queues a person's erasure for head office (service/uplink.ts). */
export interface HeadOfficeErasures {
  queueErasure(groups: readonly string[]): Promise<boolean>;
}

/**
 * The same pseudonyms in the uplink's outbox (`uplink-outbox.db`): a day head office has not
 * acknowledged (a site cut off from it for months) loses them too once it is past `identityDays`,
 * and a person's erasure takes theirs out of every such day and queues the erasure for head
 * office, which drops them from every site's days (sent until acknowledged, like the days).
 */
export function uplinkOutboxHolder(deps: {
  outbox: Pick<UplinkOutboxRepository, 'dropGroupVisitsBefore' | 'dropGroupVisitsOf' | 'dropErasuresBefore'>;
  headOffice?: HeadOfficeErasures;
}): PersonalDataHolder {
  return {
    name: 'uplink-outbox',
    async ageOut({ identityBefore, identityBeforeAt }) {
      const days = await deps.outbox.dropGroupVisitsBefore(identityBefore);
      const erasures = await deps.outbox.dropErasuresBefore(identityBeforeAt);
      return { days, erasures };
    },
    async erase(_hmac, groups) {
      if (groups.length === 0) return { days: 0, erasures: 0 };
      const days = await deps.outbox.dropGroupVisitsOf(groups);
      const queued = deps.headOffice ? await deps.headOffice.queueErasure(groups) : false;
      return { days, erasures: queued ? 1 : 0 };
    },
  };
}
