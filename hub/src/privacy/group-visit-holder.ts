/**
 * The group pseudonyms of a site in a group (`uplink.groupKey`): each closed day's row in
 * daily_stats.db carries the day's identified visits for head office (analytics/group-visits.ts).
 * They age out with the visits' identity (`retention.identityDays`).
 */
import { dropGroupVisitsBefore, type UplinkOutboxRepository } from '../store';
import type { PersonalDataHolder } from './holders';

export function groupVisitHolder(deps: { dataDir: string }): PersonalDataHolder {
  return {
    name: 'group-visits',
    async ageOut({ identityBefore }) {
      return { days: await dropGroupVisitsBefore(deps.dataDir, identityBefore) };
    },
  };
}

/**
 * The same pseudonyms in the uplink's outbox (`uplink-outbox.db`): a day head office has not
 * acknowledged (a site cut off from it for months) loses them too once it is past `identityDays`.
 */
export function uplinkOutboxHolder(deps: { outbox: Pick<UplinkOutboxRepository, 'dropGroupVisitsBefore'> }): PersonalDataHolder {
  return {
    name: 'uplink-outbox',
    async ageOut({ identityBefore }) {
      return { days: await deps.outbox.dropGroupVisitsBefore(identityBefore) };
    },
  };
}
