import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CentralRepository, erasedPseudonymHash, GROUP_ERASE_ACTION } from './central-repository';
import { dropGroupVisitsOf } from './group-visit-retention';
import { UplinkOutboxRepository } from './uplink-outbox-repository';

const GONE = 'a1b2c3d4e5f60718';
const STAYS = '0f1e2d3c4b5a6978';
const visit = (p: string, arrivalAt = 1) => [p, 'id-card', 'A', 'A', arrivalAt, arrivalAt + 1, 'done', 's1'];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'callboard-erase-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const allText = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('a person erased at a site: their group pseudonym at the site', () => {
  it('leaves every daily_stats row (the file too); the other visits and the figures stay', async () => {
    const dir = tempDir();
    const rows = [
      { _id: '2026-11-29', issued: 3, groupVisits: [visit(GONE), visit(STAYS)] },
      { _id: '2026-11-30', issued: 4, groupVisits: [visit(STAYS)] },
      { _id: '2026-12-01', issued: 2, groupVisits: [visit(GONE)] },
    ];
    writeFileSync(path.join(dir, 'daily_stats.db'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(await dropGroupVisitsOf(dir, [GONE])).toBe(2);
    const text = allText(dir, 'daily_stats.db');
    expect(text).not.toContain(GONE);
    expect(text.match(new RegExp(STAYS, 'g'))).toHaveLength(2);
    expect(text).toContain('"issued":3');
    expect(await dropGroupVisitsOf(dir, [GONE])).toBe(0);
    expect(await dropGroupVisitsOf(dir, [])).toBe(0);
  });

  it('leaves the days head office has not acknowledged; the erasure waits in the outbox until acknowledged', async () => {
    const dir = tempDir();
    const outbox = await UplinkOutboxRepository.open(dir);
    await outbox.add({
      _id: 'daily:2026-11-30',
      kind: 'daily',
      body: { _id: '2026-11-30', groupVisits: [visit(GONE), visit(STAYS)] },
      queuedAt: 1,
    });
    expect(await outbox.dropGroupVisitsOf([GONE])).toBe(1);
    expect((await outbox.pending(10))[0]?.body).toEqual({ _id: '2026-11-30', groupVisits: [visit(STAYS)] });
    await outbox.add({ _id: 'erasure:e1', kind: 'erasure', body: { _id: 'e1', at: 5, groups: [GONE] }, queuedAt: 5 });
    expect((await outbox.pending(10)).map((d) => d._id)).toEqual(['daily:2026-11-30', 'erasure:e1']);
    // The only line still naming the pseudonym is the erasure itself, until head office has it.
    expect(allText(dir, 'uplink-outbox.db').match(new RegExp(GONE, 'g'))).toHaveLength(1);
    await outbox.ack(['erasure:e1'], 6);
    expect(await outbox.counts()).toEqual({ pending: 1, acked: 0 });
    await outbox.close();
    expect(allText(dir, 'uplink-outbox.db')).not.toContain(GONE);
  });

  it('an erasure head office never acknowledged goes from the outbox past identityDays', async () => {
    const dir = tempDir();
    const outbox = await UplinkOutboxRepository.open(dir);
    await outbox.add({ _id: 'erasure:old', kind: 'erasure', body: { _id: 'old', at: 5, groups: [GONE] }, queuedAt: 5 });
    await outbox.add({ _id: 'erasure:new', kind: 'erasure', body: { _id: 'new', at: 50, groups: [STAYS] }, queuedAt: 50 });
    expect(await outbox.dropErasuresBefore(10)).toBe(1);
    expect((await outbox.pending(10)).map((d) => d._id)).toEqual(['erasure:new']);
    await outbox.close();
    expect(allText(dir, 'uplink-outbox.db')).not.toContain(GONE);
  });
});

describe('a person erased at a site: head office', () => {
  it('drops every visit of the pseudonym from every site, audits it by hash only, and applies a resend once', async () => {
    const dir = tempDir();
    const repo = await CentralRepository.open(dir);
    await repo.putDailyBatch(
      [
        { siteId: 'north', date: '2026-11-30', stats: { issued: 3, groupVisits: [visit(GONE), visit(STAYS)] } },
        { siteId: 'south', date: '2026-12-01', stats: { issued: 4, groupVisits: [visit(GONE)] } },
        { siteId: 'south', date: '2026-12-02', stats: { issued: 5, groupVisits: [visit(STAYS)] } },
      ],
      1,
    );
    expect(await repo.eraseGroupVisits('north', { _id: 'e1', at: 100, groups: [GONE] }, 200)).toBe(2);
    const days = await repo.allDays();
    expect(days.map((d) => [d.siteId, d.date, d.stats.groupVisits])).toEqual([
      ['north', '2026-11-30', [visit(STAYS)]],
      ['south', '2026-12-01', []],
      ['south', '2026-12-02', [visit(STAYS)]],
    ]);
    const audit = await repo.auditOf('north', 10);
    expect(audit).toMatchObject([
      { action: GROUP_ERASE_ACTION, at: 100, target: erasedPseudonymHash(GONE), actor: { type: 'site', id: 'north' } },
    ]);
    // A resend (the acknowledgement was lost) changes nothing and is audited once.
    expect(await repo.eraseGroupVisits('north', { _id: 'e1', at: 100, groups: [GONE] }, 300)).toBeNull();
    expect(repo.counts('north').audit).toBe(1);
    await repo.close();
    for (const file of ['central-daily.db', 'central-audit.db']) expect(allText(dir, file)).not.toContain(GONE);
    expect(allText(dir, 'central-audit.db')).toContain(erasedPseudonymHash(GONE));
  });

  it('a day arriving after the erasure (a site cut off) loses the visits made before it, also after a restart; later visits stay', async () => {
    const dir = tempDir();
    let repo = await CentralRepository.open(dir);
    await repo.eraseGroupVisits('north', { _id: 'e1', at: 100, groups: [GONE] }, 200);
    await repo.close();
    repo = await CentralRepository.open(dir);
    await repo.putDailyBatch(
      [{ siteId: 'south', date: '2026-12-01', stats: { groupVisits: [visit(GONE, 50), visit(STAYS, 50), visit(GONE, 150)] } }],
      300,
    );
    expect((await repo.allDays())[0]?.stats.groupVisits).toEqual([visit(STAYS, 50), visit(GONE, 150)]);
    await repo.close();
  });

  it('ages visits out by their business date, or by when head office got them if earlier (a site that sends a future date)', async () => {
    const dir = tempDir();
    const repo = await CentralRepository.open(dir);
    await repo.putDailyBatch([{ siteId: 'north', date: '2099-01-01', stats: { groupVisits: [visit(GONE)] } }], 1_000);
    await repo.putDailyBatch([{ siteId: 'north', date: '2026-12-01', stats: { groupVisits: [visit(STAYS)] } }], 5_000);
    // A resend later does not make the day younger.
    await repo.putDailyBatch([{ siteId: 'north', date: '2099-01-01', stats: { groupVisits: [visit(GONE)] } }], 9_000);
    expect(await repo.dropGroupVisitsBefore('2026-09-01', 2_000)).toBe(1);
    expect((await repo.allDays()).map((d) => [d.date, 'groupVisits' in d.stats])).toEqual([
      ['2026-12-01', true],
      ['2099-01-01', false],
    ]);
    await repo.close();
  });

  it('the erasure hashes go from its audit past identityDays; the entries stay', async () => {
    const dir = tempDir();
    const repo = await CentralRepository.open(dir);
    await repo.eraseGroupVisits('north', { _id: 'e1', at: 100, groups: [GONE] }, 200);
    expect(await repo.dropErasureHashesBefore(150)).toBe(0);
    expect(await repo.dropErasureHashesBefore(250)).toBe(1);
    expect(await repo.auditOf('north', 10)).toMatchObject([{ action: GROUP_ERASE_ACTION }]);
    expect((await repo.auditOf('north', 10))[0]?.target).toBeUndefined();
    // No longer matched: a late day keeps the visit (its date ages it out instead).
    await repo.putDailyBatch([{ siteId: 'south', date: '2026-12-01', stats: { groupVisits: [visit(GONE, 50)] } }], 300);
    expect((await repo.allDays())[0]?.stats.groupVisits).toEqual([visit(GONE, 50)]);
    await repo.close();
    expect(allText(dir, 'central-audit.db')).not.toContain(erasedPseudonymHash(GONE));
  });
});
