import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../config';
import { readBackup } from '../store';
import { BackupScheduler, backupFileName, backupsToPrune, isBackupDue } from './backup-scheduler';

const TZ = 'Asia/Shanghai';
// 2026-11-25 02:29 and 02:31 in Shanghai (UTC+8)
const before = Date.UTC(2026, 10, 24, 18, 29);
const after = Date.UTC(2026, 10, 24, 18, 31);

describe('when a daily backup is due', () => {
  it('is due after the configured local time, once per business day', () => {
    expect(isBackupDue(new Set(), before, TZ, '02:30')).toBe(false);
    expect(isBackupDue(new Set(), after, TZ, '02:30')).toBe(true);
    expect(isBackupDue(new Set(['2026-11-25']), after, TZ, '02:30')).toBe(false);
    expect(isBackupDue(new Set(['2026-11-24']), after, TZ, '02:30')).toBe(true);
  });

  it('names files by local day and time, and prunes the oldest beyond keep', () => {
    expect(backupFileName('2026-11-25', after, TZ)).toBe('callboard-2026-11-25-0231.cbk');
    const names = [
      'callboard-2026-11-22-0230.cbk',
      'notes.txt',
      'callboard-2026-11-24-0230.cbk',
      'callboard-2026-11-23-0230.cbk',
    ];
    expect(backupsToPrune(names, 2)).toEqual(['callboard-2026-11-22-0230.cbk']);
    expect(backupsToPrune(names, 5)).toEqual([]);
  });
});

describe('BackupScheduler', () => {
  it('writes a verified backup and a second copy, keeps only the newest, and does it once a day', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cb-bs-data-'));
    writeFileSync(path.join(dataDir, 'tickets.db'), '{"_id":"x","number":"A001"}\n');
    const dir = path.join(dataDir, 'backups');
    const copyTo = mkdtempSync(path.join(tmpdir(), 'cb-bs-usb-'));
    for (const d of ['2026-11-21', '2026-11-22', '2026-11-23']) {
      writeFileSync(path.join(copyTo, `callboard-${d}-0230.cbk`), '');
    }
    let now = after;
    const log = { info: () => {}, error: (o: object) => console.error(o) };
    const config = {
      dataDir,
      site: { timezone: TZ },
      backup: { enabled: true, dir, time: '02:30', keep: 2, copyTo },
    } as unknown as HubConfig;
    const scheduler = new BackupScheduler(config, '0.1.0', () => now, log);
    const file = await scheduler.tick();
    expect(file).toBe(path.join(dir, 'callboard-2026-11-25-0231.cbk'));
    expect((await readBackup(file as string)).files.map((f) => f.name)).toEqual(['tickets.db']);
    expect(readdirSync(copyTo).sort()).toEqual(['callboard-2026-11-23-0230.cbk', 'callboard-2026-11-25-0231.cbk']);
    now += 3600_000;
    expect(await scheduler.tick()).toBeNull();
    now += 24 * 3600_000;
    expect(await scheduler.tick()).toMatch(/callboard-2026-11-26-0331\.cbk$/);
  });
});
