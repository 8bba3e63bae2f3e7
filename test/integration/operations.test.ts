/**
 * Operations: backup while tickets are being issued → restore into an empty dir; corrupted and
 * newer backups refused; schema migration from a committed v1 store; downgrade refused; one
 * writer per data dir.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { HubClient } from '@callboard/hub/client';
import Datastore from '@seald-io/nedb';
import { describe, expect, it } from 'vitest';
import { reportDaySummariser } from '../../hub/src/analytics/history/day-close';
import {
  BackupError,
  createBackup,
  keyFingerprint,
  migrateStore,
  NewerStoreError,
  readBackup,
  restoreBackup,
  SCHEMA_VERSION,
  writeSchemaVersion,
} from '../../hub/src/store';
import { REPO, spawnHub, startTestHub, tempDir } from '../support/hub';

const run = promisify(execFile);
const CLI = path.join(REPO, 'hub/bin/callboard.mjs');
const FIXTURE_V1 = path.join(REPO, 'test/fixtures/store-v1');

describe('backup and restore', () => {
  it('keeps every ticket acknowledged before a backup taken under load, and the restored hub continues numbering', async () => {
    const dataDir = tempDir('cb-backup-src-');
    const patch = (raw: any) => {
      raw.rateLimit = { ticketsPerMinutePerClient: 100_000 };
      raw.issuing = { anonymous: true, anonymousPerServicePerHour: 100_000, anonymousPerAddressPerHour: 100_000 };
      raw.services[1].numberRange = [1, 99_999];
    };
    const hub = await spawnHub({ dataDir, patch });
    const client = new HubClient({ baseUrl: hub.baseUrl });
    const acked: string[] = [];
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) acked.push((await client.issueTicket({ serviceId: 'B' })).number);
      }),
    );
    // Wait for load, not for a time: at least 20 tickets acknowledged before the backup starts.
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));
    const before = [...acked]; // acknowledged before the backup starts
    const file = path.join(tempDir('cb-backup-'), 'site.cbk');
    const backup = await run(process.execPath, [CLI, 'backup', file, '--config', path.join(dataDir, 'callboard.config.json')]);
    expect(backup.stdout).toMatch(/backup written to .*site\.cbk/);
    stop = true;
    await load;
    await hub.stop('SIGTERM');
    expect(before.length).toBeGreaterThan(10);

    const restoredDir = tempDir('cb-restore-');
    // restore through the library (the CLI path is covered below), then run a hub on it
    const restoredInfo = await restoreBackup(file, restoredDir, SCHEMA_VERSION);
    // The identity key is never in a backup: the site puts back the copy it keeps apart.
    expect(restoredInfo.keyState).toBe('missing');
    copyFileSync(path.join(dataDir, 'secret.key'), path.join(restoredDir, 'secret.key'));
    writeFileSync(path.join(restoredDir, 'callboard.config.json'), readFileSync(path.join(dataDir, 'callboard.config.json')));
    const restored = await spawnHub({ dataDir: restoredDir, patch });
    try {
      const staff = new HubClient({ baseUrl: restored.baseUrl });
      await staff.login('supervisor', 'callboard-demo');
      const waiting = (await staff.queue()).services.find((s) => s.serviceId === 'B')?.waiting ?? 0;
      expect(waiting).toBeGreaterThanOrEqual(before.length);
      const next = await staff.issueTicket({ serviceId: 'B' });
      expect(Number(next.number.slice(1))).toBe(waiting + 1);
      // The key put back is the one the backup was made with.
      expect(await keyFingerprint(restoredDir)).toBe((await readBackup(file)).keyFingerprint);
    } finally {
      await restored.stop('SIGTERM');
    }
  });

  it('refuses a corrupted backup, a backup from a newer schema, and a non-empty target', async () => {
    const src = tempDir();
    cpSync(FIXTURE_V1, src, { recursive: true });
    const file = path.join(tempDir(), 'b.cbk');
    await createBackup(src, file, '0.1.0', Date.now());
    const good = await readBackup(file);
    expect(good.files.map((f) => f.name)).toEqual(['tickets.db']);

    // flip one character inside a stored file
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    doc.files[0].content = doc.files[0].content.replace('A001', 'A009');
    const corrupted = path.join(tempDir(), 'corrupt.cbk');
    writeFileSync(corrupted, gzipSync(JSON.stringify(doc)));
    await expect(restoreBackup(corrupted, tempDir(), SCHEMA_VERSION)).rejects.toThrow(/corrupted: tickets\.db does not match/);
    const truncated = path.join(tempDir(), 'trunc.cbk');
    writeFileSync(truncated, readFileSync(file).subarray(0, 100));
    await expect(restoreBackup(truncated, tempDir(), SCHEMA_VERSION)).rejects.toBeInstanceOf(BackupError);

    await expect(restoreBackup(file, tempDir(), 0)).rejects.toThrow(/understands up to 0/);
    await expect(restoreBackup(file, src, SCHEMA_VERSION)).rejects.toThrow(/already holds data/);

    const cli = await run(
      process.execPath,
      [CLI, 'restore', corrupted, '--config', path.join(REPO, 'config/callboard.demo.json')],
      {
        env: { ...process.env, DATA_DIR: tempDir() },
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(cli).toMatchObject({ code: 1 });
    expect((cli as { stderr: string }).stderr).toMatch(/corrupted/);
  });
});

describe('schema migrations', () => {
  it('upgrades a v1 store: past days go to the archive with daily stats, after a backup', async () => {
    const dataDir = tempDir('cb-migrate-');
    cpSync(FIXTURE_V1, dataDir, { recursive: true });
    const summariser = reportDaySummariser(dataDir);
    const result = await migrateStore({ dataDir, today: '2026-11-22', at: Date.UTC(2026, 10, 22, 3), summariser }, '0.1.0');
    expect(result).toMatchObject({ from: 1, to: SCHEMA_VERSION });
    expect(result.applied).toHaveLength(SCHEMA_VERSION - 1);
    expect(result.backupFile && existsSync(result.backupFile)).toBe(true);
    expect((await readBackup(result.backupFile as string)).schemaVersion).toBe(1);

    expect(readdirSync(path.join(dataDir, 'archive')).sort()).toEqual(['2026-11-20.db', '2026-11-21.db']);
    const hot = new Datastore({ filename: path.join(dataDir, 'tickets.db') });
    await hot.loadDatabaseAsync();
    const left = (await hot.findAsync({})) as { businessDate: string }[];
    expect(new Set(left.map((t) => t.businessDate))).toEqual(new Set(['2026-11-22']));
    expect(left).toHaveLength(5);
    const stats = new Datastore({ filename: path.join(dataDir, 'daily_stats.db') });
    await stats.loadDatabaseAsync();
    const day = (await stats.findOneAsync({ _id: '2026-11-20' })) as any;
    expect(day).toMatchObject({ issued: 5, byStatus: { done: 3, waiting: 2 }, byService: { A: { issued: 5, done: 3 } } });
    // called 2 min after arrival in the fixture
    expect(day.byService.A.meanWaitSec).toBe(120);

    // Running again is a no-op.
    expect((await migrateStore({ dataDir, today: '2026-11-22', at: Date.now(), summariser }, '0.1.0')).applied).toEqual([]);
  });

  it('starts a hub on a v1 store and refuses a store from a newer release', async () => {
    const dataDir = tempDir('cb-migrate-hub-');
    cpSync(FIXTURE_V1, dataDir, { recursive: true });
    const hub = await startTestHub({ dataDir });
    // today is after every fixture day: everything was archived, numbering starts afresh
    expect((await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' })).number).toBe('A001');
    await hub.close();
    expect(readdirSync(path.join(dataDir, 'archive'))).toHaveLength(3);

    await writeSchemaVersion(dataDir, SCHEMA_VERSION + 1, '9.9.9', Date.now());
    await expect(startTestHub({ dataDir })).rejects.toBeInstanceOf(NewerStoreError);
    const cli = await spawnHub({ dataDir }).catch((e: Error) => e);
    expect((cli as Error).message).toMatch(/written by a newer release/);
  });
});

describe('one writer per data dir', () => {
  it('refuses a second hub and CLI writers while a hub runs', async () => {
    const dataDir = tempDir('cb-lock-');
    const hub = await spawnHub({ dataDir });
    try {
      const second = await spawnHub({ dataDir }).catch((e: Error) => e);
      expect(String(second)).toMatch(/is in use by process \d+/);
      const archive = await run(process.execPath, [
        CLI,
        'archive',
        '--config',
        path.join(dataDir, 'callboard.config.json'),
      ]).catch((e: { code: number; stderr: string }) => e);
      expect(archive).toMatchObject({ code: 1 });
    } finally {
      await hub.stop('SIGTERM');
    }
    const ok = await run(process.execPath, [CLI, 'archive', '--config', path.join(dataDir, 'callboard.config.json')]);
    expect(ok.stdout).toMatch(/nothing to archive/);
  });
});

describe('logs', () => {
  it('never contain identity numbers, phone numbers or passwords, even at debug level', async () => {
    const dataDir = tempDir('cb-logs-');
    const hub = await spawnHub({ dataDir, env: { LOG_LEVEL: 'debug' } });
    const idNumber = '11010519491231002X';
    const phone = '13812345678';
    try {
      // Identities are presented at a paired kiosk; both the kiosk and an anonymous caller must log nothing of them.
      const anon = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
      await new HubClient({ baseUrl: hub.baseUrl })
        .issueTicket({ serviceId: 'C', identity: { kind: 'phone', value: phone } })
        .catch(() => undefined);
      await anon.issueTicket({ serviceId: 'A', identity: { kind: 'id-card', value: idNumber } });
      await anon.issueTicket({ serviceId: 'A', identity: { kind: 'id-card', value: idNumber } }).catch(() => undefined);
      await anon
        .issueTicket({ serviceId: 'B', identity: { kind: 'id-card', value: '110105194912310021' } })
        .catch(() => undefined);
      await anon.issueTicket({ serviceId: 'B', identity: { kind: 'phone', value: phone } });
      await anon.login('clerk1', 'secret-wrong-password').catch(() => undefined);
      await fetch(`${hub.baseUrl}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"serviceId":"A","identity":{"kind":"id-card","value":"${idNumber}"},`,
      });
    } finally {
      await hub.stop('SIGTERM');
    }
    const out = hub.output();
    expect(out.length).toBeGreaterThan(0);
    for (const secret of [idNumber, '110105194912310021', phone, 'secret-wrong-password']) expect(out).not.toContain(secret);
    // and the data dir holds only masked forms
    const { readdirSync: ls, readFileSync: read } = await import('node:fs');
    const all = ls(dataDir)
      .filter((f) => f.endsWith('.db'))
      .map((f) => read(path.join(dataDir, f), 'utf8'))
      .join('\n');
    expect(all).toContain('110***********002X');
    for (const secret of [idNumber, phone, 'secret-wrong-password']) expect(all).not.toContain(secret);
  });
});
