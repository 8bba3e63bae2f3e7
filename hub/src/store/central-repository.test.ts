import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CentralRepository } from './central-repository';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the central console’s store', () => {
  it('keeps one row per site and day and one per audit record, across resends and a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'callboard-central-'));
    dirs.push(dir);
    let repo = await CentralRepository.open(dir);
    const day = (siteId: string, date: string, issued: number) => ({ siteId, date, stats: { issued } });
    expect(await repo.putDailyBatch([day('a', '2026-12-01', 1), day('a', '2026-12-02', 2), day('b', '2026-12-01', 3)], 1)).toBe(
      0,
    );
    // A resend (the newest copy wins) and a day sent twice in one batch.
    expect(await repo.putDailyBatch([day('a', '2026-12-01', 9), day('a', '2026-12-03', 4), day('a', '2026-12-03', 4)], 2)).toBe(
      2,
    );
    const record = (id: string) => ({ _id: id, at: 1, action: 'staff.login', actor: { type: 'staff', id: 's1' } });
    expect(await repo.putAudit('a', [record('x'), record('y'), record('x')], 3)).toBe(2);
    expect(await repo.putAudit('b', [record('x')], 3)).toBe(1);
    await repo.close();

    repo = await CentralRepository.open(dir);
    expect(repo.counts('a')).toEqual({ days: 3, latestDay: '2026-12-03', audit: 2 });
    expect(repo.counts('b')).toEqual({ days: 1, latestDay: '2026-12-01', audit: 1 });
    expect(await repo.putDailyBatch([day('a', '2026-12-02', 2)], 4)).toBe(1);
    expect(await repo.putAudit('a', [record('y')], 4)).toBe(0);
    expect((await repo.daysOf('a')).map((d) => [d.date, d.stats.issued])).toEqual([
      ['2026-12-03', 4],
      ['2026-12-02', 2],
      ['2026-12-01', 9],
    ]);
    expect(repo.counts('a').days).toBe(3);
    await repo.close();
  });
});
