/**
 * Live set-up: an admin adds a service and a counter and changes policy parameters; the hub
 * applies them at once (kiosk list, numbering, calling, the retained board), refuses a set-up
 * with problems (each listed) or one that removes what is in use, audits every save, keeps the
 * saved set-up across a restart, and lets a later edit of the configuration file win.
 */
import { type BoardSnapshot, HubClient, type SetupState, type SiteSetup, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, startTestHubAgain, type TestHub } from '../support/hub';
import { refusal } from '../support/refusal';

let hub: TestHub;
let admin: HubClient;
let clerk: HubClient;

beforeAll(async () => {
  hub = await startTestHub();
  admin = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
});
afterAll(async () => hub?.close());

/** The next retained board on the hub's broker that satisfies `accept`. */
function boardWhere(accept: (b: BoardSnapshot) => boolean): Promise<BoardSnapshot> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, { protocolVersion: 4, reconnectPeriod: 0 });
  return new Promise<BoardSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching board within 5 s')), 5000);
    client.on('message', (_topic, payload) => {
      const board = JSON.parse(payload.toString()) as BoardSnapshot;
      if (!accept(board)) return;
      clearTimeout(timer);
      resolve(board);
    });
    client.on('connect', () => client.subscribe(topics.board(hub.config.site.id)));
    client.on('error', reject);
  }).finally(() => client.end(true));
}

function withServiceD(setup: SiteSetup): SiteSetup {
  return {
    services: [...setup.services, { id: 'D', prefix: 'D', name: { zh: '证照补办', en: 'Replacement cards' }, targetWaitMin: 20 }],
    counters: [...setup.counters, { id: '9', name: { zh: '9号窗口', en: 'Counter 9' }, services: ['D'] }],
    queue: { ...setup.queue, maxRecalls: 5, noShow: { ...setup.queue?.noShow, afterRecalls: 4 } },
  };
}

describe('live set-up', () => {
  let v1: SetupState;
  let calledId = '';

  it('starts from the configuration file, and only admins may read or change it', async () => {
    const state = await admin.adminSetup();
    expect(state).toMatchObject({ source: 'file', version: 0 });
    expect(state.setup.services.map((s) => s.id)).toEqual(hub.config.services.map((s) => s.id));
    expect((await refusal(clerk.adminSetup())).status).toBe(403);
    expect((await refusal(clerk.saveSetup(state.setup))).status).toBe(403);
  });

  it('adds a service and a counter and changes policy parameters without a restart', async () => {
    const before = await admin.adminSetup();
    v1 = await admin.saveSetup(withServiceD(before.setup), before.version);
    expect(v1).toMatchObject({ source: 'admin', version: 1, savedBy: expect.any(String) });

    // The kiosk's list, numbering, the policy and calling all use it at once.
    expect((await admin.services()).map((s) => s.id)).toContain('D');
    expect(hub.config.queue.maxRecalls).toBe(5);
    expect(hub.config.queue.policy.noShow.afterRecalls).toBe(4);
    const ticket = await admin.request<{ id: string; number: string }>('POST', '/tickets', { serviceId: 'D' });
    expect(ticket.number).toBe('D001');
    await admin.request('POST', '/counters/9/open', {});
    const called = await admin.request<{ ticket: { id: string; number: string } }>('POST', '/counters/9/call-next', {});
    expect(called.ticket.number).toBe('D001');
    calledId = called.ticket.id;

    // Screens see the new service on the retained board, with the set-up version kiosks watch.
    const board = await boardWhere((b) => b.setupVersion === 1);
    expect(board.services.map((s) => s.id)).toContain('D');
  });

  it('lists every problem of an invalid set-up with where it sits, and changes nothing', async () => {
    const { setup, version } = await admin.adminSetup();
    const broken: SiteSetup = {
      ...setup,
      services: [...setup.services, { id: 'E', prefix: 'A', name: { zh: '重复', en: 'Clash' } }],
      counters: [...setup.counters, { id: '10', name: { zh: '10号', en: '10' }, services: ['Z'] }],
    };
    const err = await refusal(admin.saveSetup(broken, version));
    expect(err).toMatchObject({ status: 400, code: 'SETUP_INVALID' });
    const problems = (err.details as { problems: string[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.\d+\.prefix: prefix "A" is already used/),
        expect.stringMatching(/^counters\.\d+\.services\.0: counter "10" names unknown service "Z"/),
      ]),
    );
    // A schema mistake is refused by the route's schema, also with a 400.
    const bad = await refusal(
      admin.request('PUT', '/admin/setup', { setup: { ...setup, services: [{ id: 'x', prefix: 'lower' }] } }),
    );
    expect(bad.status).toBe(400);
    expect((await admin.adminSetup()).version).toBe(version);
    expect((await admin.services()).map((s) => s.id)).not.toContain('E');
  });

  it('refuses to remove a service with open tickets or a counter that is open, and a stale version', async () => {
    const { setup, version } = await admin.adminSetup();
    // D001 is being served at counter 9 (open).
    const without: SiteSetup = {
      ...setup,
      services: setup.services.filter((s) => s.id !== 'D'),
      counters: setup.counters.filter((c) => c.id !== '9'),
    };
    const err = await refusal(admin.saveSetup(without, version));
    const problems = (err.details as { problems: string[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('service "D" has 1 open ticket(s) today'),
        expect.stringContaining('counter "9" is open'),
      ]),
    );
    expect((await refusal(admin.saveSetup(setup, version - 1))).code).toBe('SETUP_CHANGED');

    // Once the visit is done and the counter closed, both can go.
    await admin.request('POST', `/tickets/${calledId}/start`, {});
    await admin.request('POST', `/tickets/${calledId}/finish`, {});
    await admin.request('POST', '/counters/9/close', {});
    const v2 = await admin.saveSetup(without, version);
    expect(v2.version).toBe(version + 1);
    expect((await admin.services()).map((s) => s.id)).not.toContain('D');
    // Put D back for the restart test.
    await admin.saveSetup(withServiceD(without), v2.version);
  });

  it('writes every save to the audit log with the acting admin', async () => {
    const audit = await admin.request<{ records: { action: string; actor: { id?: string }; target?: string }[] }>(
      'GET',
      '/audit?action=setup.update',
    );
    const me = (await admin.me()).staff.id;
    expect(audit.records.length).toBe(3);
    for (const e of audit.records) expect(e.actor.id).toBe(me);
  });

  it('keeps the saved set-up across a restart; a later edit of the configuration file wins', async () => {
    await hub.close();
    hub = await startTestHubAgain(hub);
    admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    expect(await admin.adminSetup()).toMatchObject({ source: 'admin', version: 3 });
    expect((await admin.services()).map((s) => s.id)).toContain('D');

    // The site manager edits the file afterwards (here: a new target wait for A): the file is in effect.
    await hub.close();
    hub = await startTestHub({
      ...hub.startOptions,
      patch: (raw) => {
        raw.services[0].targetWaitMin = 7;
      },
    });
    admin = new HubClient({ baseUrl: hub.baseUrl });
    await admin.login('admin', 'callboard-admin');
    const state = await admin.adminSetup();
    expect(state).toMatchObject({ source: 'file', version: 0 });
    expect((await admin.services()).map((s) => s.id)).not.toContain('D');
    expect((await admin.services()).find((s) => s.id === 'A')?.targetWaitMin).toBe(7);
  });
});
