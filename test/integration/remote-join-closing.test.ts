/**
 * The join page follows today's closing time, not only the opening hours: a service a supervisor
 * extends is open for phone tickets until the new time, and one closed early is closed at once —
 * on the page ("open now") and for joining alike (on a test clock, site time Asia/Shanghai).
 */
import { HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, tempDir } from '../support/hub';

const at = (local: string) => Date.parse(`2026-12-07T${local}:00+08:00`); // a Monday
let clock = at('16:30');
let hub: TestHub;
let phone: HubClient;
let supervisor: HubClient;

beforeAll(async () => {
  hub = await startTestHub({
    dataDir: tempDir('cb-join-closing-'),
    now: () => clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.visitors = { siteNetworks: ['127.0.0.0/8', '::1/128'], joinWithoutPhone: true, joinPerAddressPerHour: 100 };
      for (const s of cfg.services) {
        if (s.id === 'A' || s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 20, arrivalConfirmation: false };
        if (s.id === 'B') s.hours = [{ days: [0, 1, 2, 3, 4, 5, 6], open: '08:00', close: '17:00' }];
      }
    },
  });
  phone = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await hub?.close();
});

const option = async (id: string) => (await phone.joinOptions()).services.find((s) => s.serviceId === id);

describe('the join page and today’s closing time', () => {
  it('a service closed early is closed on the join page and for joining, at once', async () => {
    expect(await option('A')).toMatchObject({ joinable: true });
    await supervisor.closeEarly('A', { notice: false });
    expect(await option('A')).toMatchObject({ joinable: false, closedBecause: 'hours' });
    await expect(phone.join({ serviceId: 'A' })).rejects.toMatchObject({ status: 409, code: 'REMOTE_JOIN_CLOSED' });
  });

  it('a service extended today stays open for phone tickets past its usual hours', async () => {
    clock = at('17:10');
    await supervisor.login('supervisor', 'callboard-demo'); // the session's idle time runs on the test clock
    expect(await option('B')).toMatchObject({ joinable: false, closedBecause: 'hours' });
    await supervisor.extendHours('B', { until: '18:00', notice: false });
    expect(await option('B')).toMatchObject({ joinable: true });
    const t = await phone.join({ serviceId: 'B' });
    expect(t.number).toMatch(/^B\d+/);
    clock = at('18:01');
    expect(await option('B')).toMatchObject({ joinable: false, closedBecause: 'hours' });
  });
});
