/**
 * What the reports need from day close: the day's summary row, then its visit index and
 * quarter-hour slots in DATA_DIR/analytics. Handed to the store's `archivePastDays` (it fits the
 * store's `DaySummariser`), which moves the tickets and knows nothing of what is summarised.
 */
import type { Ticket } from '../../protocol';
import { type DailyStatsDoc, summariseDay } from '../day-summary';
import { writeDayFiles } from './day-files';

export interface ReportDaySummariser {
  summarise(date: string, tickets: readonly Ticket[], at: number): DailyStatsDoc;
  derive(date: string, tickets: readonly Ticket[]): Promise<unknown>;
}

export function reportDaySummariser(dataDir: string): ReportDaySummariser {
  return {
    summarise: summariseDay,
    derive: (date, tickets) => writeDayFiles(dataDir, date, tickets),
  };
}
