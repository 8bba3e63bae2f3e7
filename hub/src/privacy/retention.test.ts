import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RetentionConfig } from '../config';
import type { AuditLog } from '../service/audit-log';
import { backupHolder } from './backup-holder';
import { exclusiveQueue, PersonalDataRegistry, type RetentionCutoffs } from './holders';
import { isRetentionDue, RetentionJob, retentionCutoffs } from './retention';

const TZ = 'Asia/Shanghai';
/** 2026-12-05 01:59 and 02:01 in Shanghai. */
const before = Date.UTC(2026, 11, 4, 17, 59);
const after = Date.UTC(2026, 11, 4, 18, 1);
const DAY = 86_400_000;
const settings: RetentionConfig = { enabled: true, time: '02:00', identityDays: 90, appointmentDays: 30, auditDays: 730 };

describe('retention boundaries', () => {
  it('counts business days back from today, per kind of data', () => {
    const c = retentionCutoffs(after, TZ, '00:00', settings);
    expect(c).toEqual({
      today: '2026-12-05',
      identityBefore: '2026-09-06',
      identityBeforeAt: after - 90 * DAY,
      appointmentsBefore: '2026-11-05',
      auditBeforeAt: after - 730 * DAY,
    });
    // Before 04:00 on a site whose day starts then, it is still the day before.
    expect(retentionCutoffs(after, TZ, '04:00', settings).identityBefore).toBe('2026-09-05');
  });

  it('is due once per business day, after the configured site time', () => {
    expect(isRetentionDue(undefined, before, TZ, '00:00', '02:00')).toBe(false);
    expect(isRetentionDue(undefined, after, TZ, '00:00', '02:00')).toBe(true);
    expect(isRetentionDue('2026-12-05', after, TZ, '00:00', '02:00')).toBe(false);
    expect(isRetentionDue('2026-12-04', after, TZ, '00:00', '02:00')).toBe(true);
  });
});

describe('the nightly run', () => {
  it('runs every holder once a day and reports their counts in one audit entry and one log line', async () => {
    const seen: RetentionCutoffs[] = [];
    const registry = new PersonalDataRegistry()
      .register({
        name: 'visits',
        ageOut: async (c) => {
          seen.push(c);
          return { tickets: 3, days: 1 };
        },
      })
      .register({ name: 'audit', ageOut: async () => ({ deleted: 0, reduced: 2 }) });
    expect(() => registry.register({ name: 'visits', ageOut: async () => ({}) })).toThrow(/twice/);
    const audits: unknown[][] = [];
    const lines: object[] = [];
    let now = before;
    const job = new RetentionJob({
      registry,
      settings,
      site: { timezone: TZ, dayStartsAt: '00:00' },
      audit: { record: async (...args: unknown[]) => void audits.push(args) } as unknown as AuditLog,
      now: () => now,
      log: { info: (o) => lines.push(o), error: (o) => lines.push(o) },
    });
    expect(await job.tick()).toBeNull();
    now = after;
    const report = await job.tick();
    expect(report?.removed).toEqual({ visits: { tickets: 3, days: 1 }, audit: { deleted: 0, reduced: 2 } });
    expect(seen).toHaveLength(1);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.[1]).toBe('privacy.retention');
    expect(audits[0]?.[3]).toMatchObject({ identityBefore: '2026-09-06', removed: report?.removed });
    expect(lines).toEqual([{ identityBefore: '2026-09-06', removed: report?.removed }]);
    // Later the same day: nothing more.
    now = after + 3_600_000;
    expect(await job.tick()).toBeNull();
    expect(seen).toHaveLength(1);
    // The next night, again.
    now = after + DAY;
    expect((await job.tick())?.cutoffs.identityBefore).toBe('2026-09-07');
  });
});

describe('backups past the identity boundary', () => {
  it('deletes dated backups made before it and undated ones older than it, in every backup dir', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-ret-bk-'));
    const usb = mkdtempSync(path.join(tmpdir(), 'cb-ret-usb-'));
    for (const n of ['callboard-2026-09-05-0230.cbk', 'callboard-2026-09-06-0230.cbk', 'notes.txt'])
      writeFileSync(path.join(dir, n), 'x');
    writeFileSync(path.join(usb, 'callboard-2026-01-01-0230.cbk'), 'x');
    const oldUndated = path.join(usb, 'pre-migration-v3-to-v4-20260101.cbk');
    const newUndated = path.join(usb, 'site.cbk');
    writeFileSync(oldUndated, 'x');
    writeFileSync(newUndated, 'x');
    const c = retentionCutoffs(after, TZ, '00:00', settings);
    utimesSync(oldUndated, (c.identityBeforeAt - DAY) / 1000, (c.identityBeforeAt - DAY) / 1000);
    utimesSync(newUndated, (c.identityBeforeAt + DAY) / 1000, (c.identityBeforeAt + DAY) / 1000);
    const holder = backupHolder({ dirs: [dir, usb, dir] });
    expect(await holder.ageOut(c)).toEqual({ deleted: 3 });
    expect(readdirSync(dir).sort()).toEqual(['callboard-2026-09-06-0230.cbk', 'notes.txt']);
    expect(readdirSync(usb)).toEqual(['site.cbk']);
    expect(await holder.ageOut(c)).toEqual({ deleted: 0 });
  });
});

describe('rewrites of the data dir take turns', () => {
  it('runs each job after the one before has finished, even when that one failed', async () => {
    const exclusive = exclusiveQueue();
    const log: string[] = [];
    const job =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const a = exclusive(job('day close', true));
    const b = exclusive(job('retention'));
    const c = exclusive(job('erasure'));
    await expect(a).rejects.toThrow('day close');
    expect(await Promise.all([b, c])).toEqual(['retention', 'erasure']);
    expect(log).toEqual(['day close start', 'day close end', 'retention start', 'retention end', 'erasure start', 'erasure end']);
  });
});
