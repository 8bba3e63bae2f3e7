/**
 * The group pseudonyms of a site in a group (`uplink.groupKey`): each closed day's row in
 * daily_stats.db carries the day's identified visits for head office (analytics/group-visits.ts).
 * They age out with the visits' identity (`retention.identityDays`).
 */
import { dropGroupVisitsBefore } from '../store';
import type { PersonalDataHolder } from './holders';

export function groupVisitHolder(deps: { dataDir: string }): PersonalDataHolder {
  return {
    name: 'group-visits',
    async ageOut({ identityBefore }) {
      return { days: await dropGroupVisitsBefore(deps.dataDir, identityBefore) };
    },
  };
}
