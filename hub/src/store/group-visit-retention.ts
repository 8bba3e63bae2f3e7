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

/** A day's visits without those of the given pseudonyms (the first field of each row); `null` if none was there. */
export function withoutPseudonyms(visits: unknown, groups: ReadonlySet<string>): unknown[] | null {
  if (!Array.isArray(visits)) return null;
  const kept = visits.filter((v) => !(Array.isArray(v) && groups.has(v[0] as string)));
  return kept.length === visits.length ? null : kept;
}

/**
 * A person's erasure: their group pseudonyms leave every daily_stats row (the other visits stay);
 * the file is compacted, so no old line keeps them. Returns how many days changed.
 */
export async function dropGroupVisitsOf(dataDir: string, groups: readonly string[]): Promise<number> {
  const file = dailyStatsFile(dataDir);
  if (groups.length === 0 || !existsSync(file)) return 0;
  const set = new Set(groups);
  const stats = openDatastore<{ _id: string; groupVisits?: unknown }>(file);
  try {
    await stats.loadDatabaseAsync();
    let days = 0;
    for (const row of await stats.findAsync({ groupVisits: { $exists: true } })) {
      const kept = withoutPseudonyms(row.groupVisits, set);
      if (!kept) continue;
      await stats.updateAsync({ _id: row._id }, { $set: { groupVisits: kept } }, {});
      days++;
    }
    if (days > 0) await stats.compactDatafileAsync();
    return days;
  } finally {
    stats.stopAutocompaction();
    await releaseDatastore(stats);
  }
}
