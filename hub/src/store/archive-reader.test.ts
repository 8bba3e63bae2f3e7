/** Day close and the read-only view of closed days: what is archived, and what the reports and a visitor's history read back. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { waiting } from '../queue/test-tickets';
import { archivePastDays, type DaySummariser } from './archive';
import { ArchiveReader, archiveFile, dailyStatsFile, latestDailyStats } from './archive-reader';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'callboard-archive-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function ticketOn(businessDate: string, hmac?: string): Ticket & { _id: string } {
  const t = { ...waiting({ arrive: 0 }), businessDate };
  if (hmac) t.identity = { kind: 'id-card', hmac, masked: '110***********123X' };
  return { ...t, _id: t.id };
}

function lines(docs: readonly object[]): string {
  return docs.map((d) => `${JSON.stringify(d)}\n`).join('');
}

describe('archived days, read only', () => {
  it('lists the archived dates of a range and finds a visitor’s tickets in them', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'archive'));
    const [a, b, c, gone] = [
      ticketOn('2026-03-01', 'h1'),
      ticketOn('2026-03-01', 'h2'),
      ticketOn('2026-03-03', 'h1'),
      ticketOn('2026-03-03', 'h1'),
    ];
    writeFileSync(archiveFile(dataDir, '2026-03-01'), lines([a, b]));
    // A deleted document and a torn last line, as a crash may leave them.
    writeFileSync(
      archiveFile(dataDir, '2026-03-03'),
      `${lines([c, gone, { $$deleted: true, _id: gone._id }])}{"_id":"x","identity":{"hmac":"h1`,
    );
    writeFileSync(archiveFile(dataDir, '2026-03-05'), lines([ticketOn('2026-03-05', 'h1')]));
    writeFileSync(path.join(dataDir, 'archive', 'notes.txt'), 'not a day');

    const reader = new ArchiveReader(dataDir);
    expect(await reader.archivedDays('2026-03-01', '2026-03-04')).toEqual(['2026-03-01', '2026-03-03']);
    expect((await reader.ticketsOfIdentity('h1', '2026-03-01', '2026-03-04')).map((t) => t.id)).toEqual([a.id, c.id]);
    expect((await reader.ticketsOfDay('2026-03-01')).map((t) => t.id)).toEqual([a.id, b.id]);
    expect(await reader.ticketsOfDay('2026-02-28')).toEqual([]);
    expect(await new ArchiveReader(tempDir()).archivedDays('2026-01-01', '2026-12-31')).toEqual([]);
  });

  it('reads the summary rows, newest first', async () => {
    const dataDir = tempDir();
    writeFileSync(
      dailyStatsFile(dataDir),
      lines([
        { _id: '2026-03-02', n: 1 },
        { _id: '2026-03-01', n: 2 },
        { _id: '2026-03-02', n: 3 },
      ]),
    );
    expect(await latestDailyStats(dataDir, 2)).toEqual([
      { _id: '2026-03-02', n: 3 },
      { _id: '2026-03-01', n: 2 },
    ]);
    expect([...(await new ArchiveReader(dataDir).dailyRows()).keys()]).toEqual(['2026-03-02', '2026-03-01']);
    expect(await latestDailyStats(tempDir())).toEqual([]);
  });
});

describe('day close', () => {
  it('moves past days to the archive and stores the summariser’s row; today stays', async () => {
    const dataDir = tempDir();
    const tickets = new Datastore<Ticket & { _id: string }>({ filename: path.join(dataDir, 'tickets.db') });
    await tickets.loadDatabaseAsync();
    await tickets.insertAsync([ticketOn('2026-03-01'), ticketOn('2026-03-01'), ticketOn('2026-03-02')]);
    const derived: string[] = [];
    const summariser: DaySummariser<{ _id: string; count: number; at: number }> = {
      summarise: (date, day, at) => ({ _id: date, count: day.length, at }),
      derive: async (date) => {
        derived.push(date);
        throw new Error('derived files are optional');
      },
    };
    expect(await archivePastDays(dataDir, tickets, '2026-03-02', 42, summariser)).toEqual(['2026-03-01']);
    expect(derived).toEqual(['2026-03-01']);
    expect((await tickets.findAsync({})).map((t) => t.businessDate)).toEqual(['2026-03-02']);
    const reader = new ArchiveReader(dataDir);
    expect(await reader.ticketsOfDay('2026-03-01')).toHaveLength(2);
    expect(await latestDailyStats(dataDir)).toEqual([{ _id: '2026-03-01', count: 2, at: 42 }]);
    // Nothing left to move: a second run is a no-op.
    expect(await archivePastDays(dataDir, tickets, '2026-03-02', 43, summariser)).toEqual([]);
  });
});
