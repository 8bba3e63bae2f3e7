/**
 * Retention of the group pseudonyms (`uplink.groupKey`, docs/personal-data.md): the identified
 * visits a closed day's row carries for head office leave the row once the day is past
 * `retention.identityDays`, like the identity of the day's tickets. The file is compacted after,
 * so no old line still holds them.
 */
import { existsSync } from 'node:fs';
import { dailyStatsFile } from './archive-reader';
import { openDatastore, releaseDatastore } from './durable-datastore';

/** Drops `groupVisits` from the daily_stats rows of days before `date`; returns how many rows changed. */
export async function dropGroupVisitsBefore(dataDir: string, date: string): Promise<number> {
  const file = dailyStatsFile(dataDir);
  if (!existsSync(file)) return 0;
  const stats = openDatastore<{ _id: string; groupVisits?: unknown }>(file);
  try {
    await stats.loadDatabaseAsync();
    const n = await stats.updateAsync(
      { _id: { $lt: date }, groupVisits: { $exists: true } },
      { $unset: { groupVisits: true } },
      { multi: true },
    );
    if (n.numAffected > 0) await stats.compactDatafileAsync();
    return n.numAffected;
  } finally {
    stats.stopAutocompaction();
    await releaseDatastore(stats);
  }
}
