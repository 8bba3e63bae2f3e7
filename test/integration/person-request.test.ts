/**
 * A person's request on a real hub over a month of history: a supervisor exports everything held
 * about a visitor (visits of archived days and today, ratings, an appointment) by their phone
 * number, then erases them. Erasure is refused while they hold a ticket in the queue or a booked
 * appointment, and changes nothing then; afterwards a search finds nothing, no file of the data
 * dir holds their hash (nor the visit index its key), and the reports' figures are unchanged.
 * Only supervisors may ask; both requests are audited without the hash.
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../../hub/src/analytics/test-fixtures';
import { identityKey } from '../../hub/src/analytics/visit-chunk';
import type { KpiReport, Ticket } from '../../hub/src/protocol';
import { SCHEMA_VERSION, writeSchemaVersion } from '../../hub/src/store';
import { addDays } from '../../hub/src/time';
import { DEMO_SITE, generateHistory } from '../bench/gen-history';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const SECRET = 'person-request-test-secret';
const TODAY = '2026-03-10'; // a Tuesday: service C takes appointments
const HEX = /[0-9a-f]{64}/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

let hub: TestHub;
let dataDir: string;
let clock = at('09:00', TODAY);
let supervisor: HubClient;
let clerk: HubClient;
/** The visitor: a phone number from the generated history, with several earlier visits. */
let phone: string;
let hmac: string;
let earlier: number;

beforeAll(async () => {
  dataDir = tempDir('cb-person-');
  const gen = await generateHistory({
    dataDir,
    days: 30,
    lastDate: addDays(TODAY, -1),
    perDay: 40,
    seed: 5,
    site: DEMO_SITE,
    secret: SECRET,
    collect: true,
  });
  // The phone visitor with the most visits; gen-history's numbers are 138 + the person's 8 digits.
  const visits = new Map<string, number>();
  for (const tickets of (gen.collected as Map<string, Ticket[]>).values())
    for (const t of tickets)
      if (t.identity?.kind === 'phone') visits.set(t.identity.hmac, (visits.get(t.identity.hmac) ?? 0) + 1);
  [hmac, earlier] = [...visits].sort((a, b) => b[1] - a[1])[0] as [string, number];
  for (let id = 0; id < 100_000 && !phone; id++) {
    const value = `138${String(id).padStart(8, '0')}`;
    if (createHmac('sha256', SECRET).update(`phone:${value}`).digest('hex') === hmac) phone = value;
  }
  await writeSchemaVersion(dataDir, SCHEMA_VERSION, '0.1.0', clock);
  hub = await startTestHub({
    dataDir,
    now: () => clock,
    env: { CALLBOARD_SECRET: SECRET },
    patch: (raw) => {
      raw.backup = { enabled: false };
      raw.retention = { enabled: false };
    },
  });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
}, 120_000);

afterAll(async () => {
  await hub?.close();
});

describe('a person’s request', () => {
  const range = `from=${addDays(TODAY, -30)}&to=${TODAY}`;
  const person = () => ({ kind: 'phone' as const, value: phone });
  let ticketId: string;
  let ref: string;
  let kpiBefore: KpiReport;

  it('exports every visit and appointment held about them, by their phone number, without the hash', async () => {
    expect(phone).toBeDefined();
    expect(earlier).toBeGreaterThan(1);
    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
    ticketId = (await kiosk.issueTicket({ serviceId: 'A', identity: person() })).id;
    const slot = (await supervisor.slots('C', addDays(TODAY, 1))).slots[0];
    ref = (await supervisor.bookAppointment({ slotId: slot?.id as string, identity: person(), name: '赵六' })).ref;
    kpiBefore = await supervisor.request<KpiReport>('GET', `/reports/kpis?${range}`);

    const exported = await supervisor.exportPersonalData({ identity: person() });
    expect(exported.person).toEqual({ kind: 'phone', masked: `138****${phone.slice(-4)}` });
    expect(exported.visits).toHaveLength(earlier + 1);
    expect(exported.visits.at(-1)).toMatchObject({ id: ticketId, status: 'waiting', identityMasked: exported.person.masked });
    expect(exported.appointments.map((a) => a.ref)).toEqual([ref]);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(HEX);
    expect(text).not.toContain(phone);
    expect(text).not.toContain('trackToken');
  });

  it('is for supervisors only: not for a clerk, a device or an anonymous caller', async () => {
    await expect(clerk.exportPersonalData({ identity: person() })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await expect(clerk.erasePersonalData({ identity: person() })).rejects.toMatchObject({ status: 403 });
    const display = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
    await expect(display.exportPersonalData({ identity: person() })).rejects.toMatchObject({ status: 401 });
    await expect(new HubClient({ baseUrl: hub.baseUrl }).erasePersonalData({ identity: person() })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('refuses erasure while they hold a ticket in the queue or a booked appointment, and changes nothing', async () => {
    await expect(supervisor.erasePersonalData({ identity: person() })).rejects.toMatchObject({
      status: 409,
      code: 'PERSON_HAS_OPEN_RECORDS',
      details: { openTickets: 1, bookedAppointments: 1 },
    });
    expect((await supervisor.exportPersonalData({ identity: person() })).visits).toHaveLength(earlier + 1);
    // The visit ends and the booking is cancelled: now it may go.
    clock = at('09:10', TODAY);
    await supervisor.callTicket('1', ticketId, 'test');
    await supervisor.start(ticketId);
    await supervisor.finish(ticketId);
    await supervisor.cancelAppointment(ref, 'moved away');
  });

  it('erases the link: a search finds nothing, no file holds their hash, and the reports are unchanged', async () => {
    const before = filesUnder(dataDir).filter((f) => readFileSync(f).includes(Buffer.from(hmac)));
    expect(before.length).toBeGreaterThan(0);
    const reply = await supervisor.erasePersonalData({ identity: person() });
    expect(reply.erased).toEqual({
      visits: { tickets: earlier + 1, days: expect.any(Number) },
      appointments: { appointments: 1 },
      // No call from this phone rang at a desk.
      'phone-contacts': { calls: 0 },
      // No texts went to this phone on this site.
      'notification-phones': { phones: 0, texts: 0 },
      // This site is in no group: no group pseudonym to drop.
      'group-visits': { days: 0 },
    });
    const found = await supervisor.exportPersonalData({ identity: person() });
    expect(found.visits).toEqual([]);
    expect(found.appointments).toEqual([]);
    expect(found.texts).toEqual([]);
    const key = Buffer.alloc(8);
    key.writeDoubleLE(identityKey(hmac));
    const left = filesUnder(dataDir).filter((f) => {
      const bytes = readFileSync(f);
      return bytes.includes(Buffer.from(hmac)) || bytes.includes(key);
    });
    expect(left).toEqual([]);
    // Today's visit has ended since the first report: compare the closed days, and today's counts.
    const after = await supervisor.request<KpiReport>('GET', `/reports/kpis?${range}`);
    expect(after.daily.filter((d) => d.date < TODAY)).toEqual(kpiBefore.daily.filter((d) => d.date < TODAY));
    expect(after.arrivals).toEqual(kpiBefore.arrivals);
    // Erasing again finds nothing more.
    expect((await supervisor.erasePersonalData({ identity: person() })).erased).toEqual({
      visits: { tickets: 0, days: 0 },
      appointments: { appointments: 0 },
      'phone-contacts': { calls: 0 },
      'notification-phones': { phones: 0, texts: 0 },
      'group-visits': { days: 0 },
    });
  });

  it('audits both requests by the masked number only', async () => {
    const audit = await supervisor.audit({ action: 'privacy.' });
    const actions = audit.records.map((r) => r.action);
    expect(actions.filter((a) => a === 'privacy.erase')).toHaveLength(2);
    expect(actions.filter((a) => a === 'privacy.export').length).toBeGreaterThanOrEqual(3);
    for (const r of audit.records) {
      expect(r.actor.type).toBe('staff');
      expect(r.details).toMatchObject({ kind: 'phone', masked: `138****${phone.slice(-4)}` });
    }
    expect(JSON.stringify(audit.records)).not.toMatch(HEX);
    expect(JSON.stringify(audit.records)).not.toContain(phone);
  });
});
