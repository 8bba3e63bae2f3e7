/**
 * What the queue's modules share: each part owns its own state (catalogue, counters, day book,
 * forecaster, recent calls) and the operations reach the others through this record.
 */
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import type { Forecaster } from '../queue';
import type { Store } from '../store';
import type { AuditLog } from './audit-log';
import type { Catalogue } from './catalogue';
import type { Counters } from './counters';
import type { DayBook } from './day-book';
import type { RecentCalls } from './recent-calls';
import type { ScreenNames } from './screen-names';

/** Running totals since start-up (GET /system/metrics). */
export interface QueueStats {
  issued: number;
  calls: number;
  finished: number;
  noShows: number;
  cancelled: number;
  transfers: number;
}

export function newQueueStats(): QueueStats {
  return { issued: 0, calls: 0, finished: 0, noShows: 0, cancelled: 0, transfers: 0 };
}

export interface QueueParts {
  readonly config: HubConfig;
  readonly store: Store;
  readonly now: () => number;
  readonly events: HubEvents;
  readonly audit: AuditLog;
  readonly catalogue: Catalogue;
  readonly counters: Counters;
  readonly book: DayBook;
  readonly forecaster: Forecaster;
  readonly recent: RecentCalls;
  readonly stats: QueueStats;
  /** Masked names of the day's visitors (memory only) and staff display names, for screens. */
  readonly names: ScreenNames;
}
