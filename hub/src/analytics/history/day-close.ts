/**
 * What the reports need from day close: the day's summary row, then its visit index and
 * quarter-hour slots in DATA_DIR/analytics. Handed to the store's `archivePastDays`, which moves
 * the tickets and knows nothing of what is summarised.
 */
import type { DaySummariser } from '../../store/archive';
import { type DailyStatsDoc, summariseDay } from '../day-summary';
import { writeDayFiles } from './day-files';

export function reportDaySummariser(dataDir: string): DaySummariser<DailyStatsDoc> {
  return {
    summarise: summariseDay,
    derive: (date, tickets) => writeDayFiles(dataDir, date, tickets),
  };
}
