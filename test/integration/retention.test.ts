/**
 * Personal data retention on a real hub over a year of history (test/bench/gen-history.ts): after
 * the nightly run, no identity of a visit older than `identityDays` is left anywhere in the data
 * dir — neither its keyed hash (in text, or as the 52-bit key the visit index stores in binary)
 * nor its masked form, in live files, archived days, the reports' derived files or backups — and
 * the reports over that year are the same as before. Appointments and audit entries age out by
 * their own settings; a second run finds nothing more.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../../hub/src/analytics/test-fixtures';
import { identityKey } from '../../hub/src/analytics/visit-chunk';
import type { KpiReport, RepeatReport, Ticket } from '../../hub/src/protocol';
import { createBackup, SCHEMA_VERSION, writeSchemaVersion } from '../../hub/src/store';
import { addDays } from '../../hub/src/time';
import { DEMO_SITE, generateHistory } from '../bench/gen-history';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const SECRET = 'retention-test-secret';
const TODAY = '2026-03-10';
const DAYS = 90;
const IDENTITY_BEFORE = addDays(TODAY, -DAYS);
const DAY_MS = 86_400_000;
const HEX = /[0-9a-f]{64}/g;
const MASKED = /\d{3}\*{4,}\d{3}[\dX]/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Every file of the data dir as bytes, backups unpacked (a gzip'd hash would escape a grep). */
function dataDirContents(dir: string): { file: string; bytes: Buffer }[] {
  return filesUnder(dir).map((file) => {
    const raw = readFileSync(file);
    return { file: path.relative(dir, file), bytes: file.endsWith('.cbk') ? gunzipSync(raw) : raw };
  });
}

/** The 8 bytes a visit index stores for an identity: its 52-bit key as a little-endian double. */
function keyBytes(hmac: string): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(identityKey(hmac));
  return b;
}

let hub: TestHub;
let dataDir: string;
const clock = at('10:00', TODAY);
let supervisor: HubClient;
let year: Map<string, Ticket[]>;
/** Identities seen only on days past the boundary: none of their forms may remain. */
const goneHashes = new Set<string>();
const goneMasks = new Set<string>();
const oldHmac = (i: number) => `${String(i).padStart(2, '0')}${'ab'.repeat(31)}`;

beforeAll(async () => {
  dataDir = tempDir('cb-retention-');
  const gen = await generateHistory({
    dataDir,
    days: 365,
    lastDate: addDays(TODAY, -1),
    perDay: 30,
    seed: 11,
    site: DEMO_SITE,
    secret: SECRET,
    collect: true,
  });
  year = gen.collected as Map<string, Ticket[]>;
  const recentHashes = new Set<string>();
  const recentMasks = new Set<string>();
  for (const [date, tickets] of year)
    for (const t of tickets)
      if (t.identity && date >= IDENTITY_BEFORE) {
        recentHashes.add(t.identity.hmac);
        recentMasks.add(t.identity.masked);
      }
  for (const [date, tickets] of year)
    for (const t of tickets)
      if (t.identity && date < IDENTITY_BEFORE) {
        if (!recentHashes.has(t.identity.hmac)) goneHashes.add(t.identity.hmac);
        if (!recentMasks.has(t.identity.masked)) goneMasks.add(t.identity.masked);
      }

  // Appointments: two past the appointment boundary (30 days), one within it.
  const appointment = (i: number, date: string) => ({
    _id: `ap-${i}`,
    ref: `RT${i}X`,
    serviceId: 'A',
    slotId: `A/${date}/0900`,
    date,
    time: '09:00',
    start: at('09:00', date),
    end: at('09:15', date),
    status: 'checked_in',
    channel: 'app',
    identity: { kind: 'id-card', hmac: oldHmac(i), masked: `110***********${900 + i}X` },
    nameMasked: '张*丰',
    createdAt: at('08:00', addDays(date, -3)),
    by: { type: 'system' },
    history: [],
  });
  const appointments = [
    appointment(1, addDays(TODAY, -200)),
    appointment(2, addDays(TODAY, -31)),
    appointment(3, addDays(TODAY, -5)),
  ];
  writeFileSync(path.join(dataDir, 'appointments.db'), appointments.map((a) => `${JSON.stringify(a)}\n`).join(''));
  // Audit: one entry naming a hash, older than the identity boundary; one older than two years.
  const audit = [
    {
      _id: 'au-hash',
      at: clock - (DAYS + 10) * DAY_MS,
      actor: { type: 'staff', id: 'admin' },
      action: 'appointment.import',
      details: { line: 4, identityHmac: oldHmac(4), masked: '138****0404' },
    },
    { _id: 'au-ancient', at: clock - 800 * DAY_MS, actor: { type: 'system' }, action: 'ticket.no_show' },
    { _id: 'au-recent', at: clock - DAY_MS, actor: { type: 'system' }, action: 'ticket.no_show' },
  ];
  writeFileSync(path.join(dataDir, 'audit.db'), audit.map((a) => `${JSON.stringify(a)}\n`).join(''));
  await writeSchemaVersion(dataDir, SCHEMA_VERSION, '0.1.0', clock);
  // A backup made long ago: it holds every identity of its time.
  await createBackup(
    dataDir,
    path.join(dataDir, 'backups', `callboard-${addDays(IDENTITY_BEFORE, -3)}-0230.cbk`),
    '0.1.0',
    clock,
  );

  hub = await startTestHub({
    dataDir,
    now: () => clock,
    env: { CALLBOARD_SECRET: SECRET },
    patch: (raw) => {
      raw.backup = { enabled: false };
      // The test runs retention itself, before and after reading the reports.
      raw.retention = { enabled: false, identityDays: DAYS, appointmentDays: 30, auditDays: 730 };
    },
  });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
}, 180_000);

afterAll(async () => {
  await hub?.close();
});

describe('retention over a year of history', () => {
  const yearRange = `from=${addDays(TODAY, -365)}&to=${addDays(TODAY, -1)}`;
  // Repeat visits inside the retention period (7 days clear of the boundary: the engine looks 7 days either side).
  const recentRange = `from=${addDays(IDENTITY_BEFORE, 7)}&to=${addDays(TODAY, -1)}`;
  let kpiBefore: KpiReport;
  let repeatsBefore: RepeatReport;

  it('has identities past the boundary to begin with, in every form the test looks for', async () => {
    kpiBefore = await supervisor.request<KpiReport>('GET', `/reports/kpis?${yearRange}`);
    repeatsBefore = await supervisor.request<RepeatReport>('GET', `/reports/repeats?${recentRange}&windowHours=72`);
    expect(kpiBefore.days.length).toBe(365);
    expect(repeatsBefore.overall.servedVisits).toBeGreaterThan(100);
    expect(repeatsBefore.overall.repeated).toBeGreaterThan(0);
    expect(goneHashes.size).toBeGreaterThan(500);
    expect(goneMasks.size).toBeGreaterThan(100);
    // The scan can fail: before the run it finds them, in text, in the index's binary keys and in the backup.
    const found = scan();
    expect(found.hashes.size).toBe(goneHashes.size);
    expect(found.keys).toBeGreaterThan(0);
    expect(found.masks.size).toBe(goneMasks.size);
    expect(found.files.some((f) => f.startsWith('backups/'))).toBe(true);
  });

  it('leaves no identity past the boundary anywhere in the data dir, and the reports unchanged', async () => {
    const report = await hub.retention.runNow();
    expect(report.cutoffs.identityBefore).toBe(IDENTITY_BEFORE);
    const oldDays = [...year.keys()].filter((d) => d < IDENTITY_BEFORE);
    expect(report.removed.visits?.days).toBe(oldDays.length);
    expect(report.removed.backups).toEqual({ deleted: 1 });
    expect(report.removed.appointments).toEqual({ appointments: 2 });
    expect(report.removed.audit).toEqual({ deleted: 1, reduced: 1 });

    // A backup taken now is part of the data dir too.
    await hub.backups.runNow(clock, path.join(dataDir, 'backups'), 14);
    const found = scan();
    expect([...found.hashes].slice(0, 3)).toEqual([]);
    expect(found.keys).toBe(0);
    expect([...found.masks].slice(0, 3)).toEqual([]);
    for (let i = 1; i <= 2; i++) expect(found.appointmentHashes.has(oldHmac(i))).toBe(false);
    expect(found.appointmentHashes.has(oldHmac(3))).toBe(true);
    expect(found.appointmentHashes.has(oldHmac(4))).toBe(false);

    // Every ticket is still there, anonymous; the reports over the year add up exactly as before.
    for (const date of oldDays.slice(0, 5)) {
      const text = readFileSync(path.join(dataDir, 'archive', `${date}.db`), 'utf8');
      expect(text.trim().split('\n')).toHaveLength(year.get(date)?.length ?? -1);
      expect(text).not.toContain('"identity"');
    }
    expect(await supervisor.request<KpiReport>('GET', `/reports/kpis?${yearRange}`)).toEqual(kpiBefore);
    expect(await supervisor.request<RepeatReport>('GET', `/reports/repeats?${recentRange}&windowHours=72`)).toEqual(
      repeatsBefore,
    );
  }, 120_000);

  it('is idempotent and audits each run with counts only', async () => {
    const again = await hub.retention.runNow();
    expect(again.removed).toEqual({
      visits: { tickets: 0, days: 0 },
      appointments: { appointments: 0 },
      audit: { deleted: 0, reduced: 0 },
      backups: { deleted: 0 },
      'phone-contacts': { calls: 0 },
      'notification-phones': { erased: 0 },
    });
    const audit = await supervisor.request<{ records: { action: string; details?: Record<string, unknown> }[] }>(
      'GET',
      '/audit?action=privacy.retention',
    );
    expect(audit.records).toHaveLength(2);
    expect(JSON.stringify(audit.records)).not.toMatch(HEX);
    const first = audit.records.find(
      (r) => (r.details?.removed as { backups?: { deleted: number } } | undefined)?.backups?.deleted === 1,
    );
    expect(first?.details).toMatchObject({ identityBefore: IDENTITY_BEFORE, removed: { visits: { days: 275 } } });
  });
});

/** What of the gone identities the data dir still holds, and where. */
function scan() {
  const hashes = new Set<string>();
  const masks = new Set<string>();
  const appointmentHashes = new Set<string>();
  const files = new Set<string>();
  let keys = 0;
  // A sample for the binary search (each needle is a pass over every file).
  const sample = [...goneHashes].slice(0, 20).map(keyBytes);
  for (const { file, bytes } of dataDirContents(dataDir)) {
    const text = bytes.toString('latin1');
    for (const h of text.match(HEX) ?? []) {
      if (goneHashes.has(h)) {
        hashes.add(h);
        files.add(file);
      }
      if (h.endsWith('ab'.repeat(31))) appointmentHashes.add(h);
    }
    for (const m of text.match(MASKED) ?? [])
      if (goneMasks.has(m)) {
        masks.add(m);
        files.add(file);
      }
    for (const key of sample) if (bytes.includes(key)) keys++;
  }
  return { hashes, masks, keys, files: [...files], appointmentHashes };
}
