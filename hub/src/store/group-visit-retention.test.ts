import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CentralRepository } from './central-repository';
import { dropGroupVisitsBefore } from './group-visit-retention';
import { UplinkOutboxRepository } from './uplink-outbox-repository';

const OLD = 'a1b2c3d4e5f60718';
const NEW = '0f1e2d3c4b5a6978';
const visit = (p: string) => [p, 'id-card', 'A', 'A', 1, 2, 'done', 's1'];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'callboard-group-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('group pseudonyms age out', () => {
  it('at the site: days before the boundary lose their visits, from the file too; later days keep them', async () => {
    const dir = tempDir();
    const rows = [
      { _id: '2026-08-01', issued: 3, groupVisits: [visit(OLD)] },
      { _id: '2026-11-30', issued: 4, groupVisits: [visit(NEW)] },
    ];
    writeFileSync(path.join(dir, 'daily_stats.db'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(await dropGroupVisitsBefore(dir, '2026-09-06')).toBe(1);
    const text = readFileSync(path.join(dir, 'daily_stats.db'), 'utf8');
    expect(text).not.toContain(OLD);
    expect(text).toContain(NEW);
    expect(text).toContain('"issued":3');
    expect(await dropGroupVisitsBefore(dir, '2026-09-06')).toBe(0);
  });

  it('in the outbox: an acknowledged day keeps its marker, not its visits', async () => {
    const dir = tempDir();
    const outbox = await UplinkOutboxRepository.open(dir);
    await outbox.add({
      _id: 'daily:2026-11-30',
      kind: 'daily',
      body: { _id: '2026-11-30', groupVisits: [visit(NEW)] },
      queuedAt: 1,
    });
    expect(readFileSync(path.join(dir, 'uplink-outbox.db'), 'utf8')).toContain(NEW);
    await outbox.ack(['daily:2026-11-30'], 2);
    expect(await outbox.counts()).toEqual({ pending: 0, acked: 1 });
    await outbox.close();
    expect(readFileSync(path.join(dir, 'uplink-outbox.db'), 'utf8')).not.toContain(NEW);
  });

  it('in the outbox: a day never acknowledged (head office unreachable) loses its visits past the boundary too', async () => {
    const dir = tempDir();
    const outbox = await UplinkOutboxRepository.open(dir);
    const day = (date: string, p: string, queuedAt: number) =>
      outbox.add({ _id: `daily:${date}`, kind: 'daily', body: { _id: date, issued: 3, groupVisits: [visit(p)] }, queuedAt });
    await day('2026-08-01', OLD, 1);
    await day('2026-11-30', NEW, 2);
    await outbox.add({ _id: 'audit:x1', kind: 'audit', body: { _id: 'x1', action: 'a' }, queuedAt: 3 });
    expect(await outbox.dropGroupVisitsBefore('2026-09-01')).toBe(1);
    expect(await outbox.dropGroupVisitsBefore('2026-09-01')).toBe(0);
    // Still pending: the day goes up without its visits; the later day keeps them.
    const pending = await outbox.pending(10);
    expect(pending.map((d) => d._id)).toEqual(['daily:2026-08-01', 'daily:2026-11-30', 'audit:x1']);
    expect(pending[0]?.body).toEqual({ _id: '2026-08-01', issued: 3 });
    await outbox.close();
    const file = readFileSync(path.join(dir, 'uplink-outbox.db'), 'utf8');
    expect(file).not.toContain(OLD);
    expect(file).toContain(NEW);
  });

  it('at head office: days before the boundary lose their visits, from the file too', async () => {
    const dir = tempDir();
    const repo = await CentralRepository.open(dir);
    await repo.putDailyBatch(
      [
        { siteId: 'north', date: '2026-08-01', stats: { issued: 3, groupVisits: [visit(OLD)] } },
        { siteId: 'north', date: '2026-11-30', stats: { issued: 4, groupVisits: [visit(NEW)] } },
      ],
      1,
    );
    expect(await repo.dropGroupVisitsBefore('2026-09-06')).toBe(1);
    const days = await repo.allDays();
    expect(days.map((d) => [d.date, 'groupVisits' in d.stats])).toEqual([
      ['2026-08-01', false],
      ['2026-11-30', true],
    ]);
    await repo.close();
    const text = readFileSync(path.join(dir, 'central-daily.db'), 'utf8');
    expect(text).not.toContain(OLD);
    expect(text).toContain(NEW);
  });
});
