/**
 * The reports' derived files in DATA_DIR/analytics/ (outside archive/, which holds only the
 * archived days themselves and is what backups copy):
 *   visits/YYYY-MM-DD.cbv   the day's identity index (visit-chunk.ts), for repeat visits
 *   slots/YYYY-MM-DD.json   the day's quarter-hour slots (day-kpi.ts), for staffing advice
 *   kpi/YYYY-MM-DD.json     the day's KPI pre-aggregate, only for days archived before day
 *                           close stored it in daily_stats.db (filled in on first use)
 * Everything here is rebuilt from archive/YYYY-MM-DD.db when missing or unreadable. Writes go
 * through a temporary file and a rename, so a reader never sees half a file.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renameDurably } from '../../fs/durable-file';
import type { Ticket } from '../../protocol';
import { type DayKpi, type DaySlots, daySlots } from '../day-kpi';
import { decodeChunk, encodeChunk, type VisitChunk, visitsToChunk } from '../visit-chunk';
import { ticketsToVisits } from '../visits';

export function analyticsDir(dataDir: string): string {
  return path.join(dataDir, 'analytics');
}

export function visitIndexFile(dataDir: string, day: string): string {
  return path.join(analyticsDir(dataDir), 'visits', `${day}.cbv`);
}

export function slotsFile(dataDir: string, day: string): string {
  return path.join(analyticsDir(dataDir), 'slots', `${day}.json`);
}

export function kpiSidecarFile(dataDir: string, day: string): string {
  return path.join(analyticsDir(dataDir), 'kpi', `${day}.json`);
}

export async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, data);
  await renameDurably(tmp, file);
}

/** Writes an archived day's visit index and slots (day close calls this). */
export async function writeDayFiles(
  dataDir: string,
  day: string,
  tickets: readonly Ticket[],
): Promise<{ visits: VisitChunk; slots: DaySlots }> {
  const visits = visitsToChunk(day, ticketsToVisits(tickets));
  const slots = daySlots(tickets);
  await writeAtomic(visitIndexFile(dataDir, day), encodeChunk(visits));
  await writeAtomic(slotsFile(dataDir, day), JSON.stringify(slots));
  return { visits, slots };
}

/** The day's index, or null when there is none or it is unreadable (then it is rebuilt). */
export async function readVisitIndex(dataDir: string, day: string): Promise<VisitChunk | null> {
  try {
    return decodeChunk(await readFile(visitIndexFile(dataDir, day)));
  } catch {
    return null;
  }
}

async function readJson<T extends { v: number }>(file: string): Promise<T | null> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as T;
    return doc.v === 1 ? doc : null;
  } catch {
    return null;
  }
}

export function readDaySlots(dataDir: string, day: string): Promise<DaySlots | null> {
  return readJson<DaySlots>(slotsFile(dataDir, day));
}

export function readKpiSidecar(dataDir: string, day: string): Promise<DayKpi | null> {
  return readJson<DayKpi>(kpiSidecarFile(dataDir, day));
}
