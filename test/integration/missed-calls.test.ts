/**
 * "I missed my call" through the real API and broker: a visitor whose ticket became a no-show
 * scans its QR at a kiosk and goes back in the line by themselves — in the `missed` class, which
 * the ratio gives its own turns — under the same window and per-ticket limit as a clerk's
 * re-queue (counted together). The kiosk page's REST route and the bridge's scanner (through the
 * hub's scan handler) both do it; a display, a clerk and strangers may not use the route.
 */
import { ApiError, HubClient, type KioskMessage, requeueMissed, topics } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 09:00 in Asia/Shanghai
let clock = T0;
let hub: TestHub;
let kiosk: HubClient;
let display: HubClient;
let anon: HubClient;
let clerk1: HubClient;
let supervisor: HubClient;
let bridge: MqttClient;
let kioskMqtt: MqttClient;
const kioskMessages: KioskMessage[] = [];

beforeAll(async () => {
  hub = await startTestHub({
    now: () => clock,
    patch: (cfg: any) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.issuing = { ...cfg.issuing, selfDeclaredPriority: true };
      cfg.queue.priorities.push('missed');
      cfg.queue.ratio = {
        shares: [
          { class: 'normal', weight: 2 },
          { class: 'return', weight: 1 },
          { class: 'missed', weight: 1 },
        ],
      };
      cfg.queue.noShow = { ...cfg.queue.noShow, requeueClass: 'missed', maxRequeues: 1, requeueWithinMin: 30 };
    },
  });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  display = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
  const url = `mqtt://127.0.0.1:${hub.mqttPort}`;
  bridge = mqtt.connect(url, { protocolVersion: 4, username: 'bridge-1', password: 'demo-bridge-1-token-0001' });
  kioskMqtt = mqtt.connect(url, { protocolVersion: 4, username: 'kiosk-1', password: 'demo-kiosk-1-token-0001' });
  await Promise.all([bridge, kioskMqtt].map((c) => new Promise((r, j) => c.once('connect', r).once('error', j))));
  kioskMqtt.on('message', (_t, payload) => kioskMessages.push(JSON.parse(payload.toString('utf8')) as KioskMessage));
  await kioskMqtt.subscribeAsync(topics.deviceCommands('demo', 'kiosk-1'), { qos: 1 });
});

afterAll(async () => {
  bridge?.end(true);
  kioskMqtt?.end(true);
  await hub?.close();
});

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; details?: unknown }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  const e = err as ApiError;
  return { status: e.status, code: e.code, ...(e.details !== undefined ? { details: e.details } : {}) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A ticket of service A, called at counter 1 and marked a no-show; its QR's text is the track link. */
async function missedTicket() {
  const t = await kiosk.issueTicket({ serviceId: 'A' });
  clock += 10_000;
  // Call until this one comes up (earlier tickets of the test may still wait).
  for (;;) {
    const called = await clerk1.callNext('1');
    if (called.id === t.id) break;
    await clerk1.finish(called.id);
  }
  clock += 10_000;
  await clerk1.noShow(t.id);
  return t;
}

describe('a visitor re-queues a missed call at the kiosk', () => {
  it('scanning the ticket puts it back in the missed class; audited as the visitor, through the kiosk', async () => {
    const t = await missedTicket();
    const ahead = await kiosk.issueTicket({ serviceId: 'A' });
    clock += MIN;
    const back = await requeueMissed(kiosk, t.trackUrl);
    expect(back).toMatchObject({ id: t.id, number: t.number, status: 'waiting', priority: 'missed' });
    expect(back.estimatedWaitRange).toBeDefined();
    const view = await supervisor.ticket(t.id);
    expect(view).toMatchObject({ status: 'waiting', priority: 'missed', arrivalAt: clock, recalls: 0 });
    const audit = await supervisor.audit({ action: 'ticket.requeue', target: t.id });
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]).toMatchObject({
      actor: { type: 'device', id: 'kiosk-1' },
      details: { by: 'visitor', via: 'kiosk', number: t.number },
    });
    // The missed class has its own turn: F F R M → the first visit behind comes first, then the missed one.
    clock += 10_000;
    expect((await clerk1.callNext('1')).id).toBe(ahead.id);
    clock += 10_000;
    expect((await clerk1.callNext('1')).id).toBe(t.id);
  });

  it('once per ticket (maxRequeues 1), counted with a clerk’s re-queue; too late is REQUEUE_EXPIRED', async () => {
    const t = await missedTicket();
    await clerk1.requeue(t.id); // the clerk used the one re-queue
    // Called again, and missed again.
    for (;;) {
      clock += 10_000;
      const called = await clerk1.callNext('1');
      if (called.id === t.id) break;
      await clerk1.finish(called.id);
    }
    await clerk1.noShow(t.id);
    expect(await refusal(requeueMissed(kiosk, `CBT1:${t.trackUrl.split('/t/')[1]}`))).toMatchObject({
      status: 409,
      code: 'REQUEUE_LIMIT',
    });
    const late = await missedTicket();
    clock += 31 * MIN;
    expect(await refusal(requeueMissed(kiosk, late.trackUrl))).toMatchObject({ status: 409, code: 'REQUEUE_EXPIRED' });
    expect((await supervisor.ticket(late.id)).status).toBe('no_show');
  });

  it('a ticket that did not miss its call is not re-queueable; a code of no ticket today is 404', async () => {
    const waiting = await kiosk.issueTicket({ serviceId: 'B' });
    expect(await refusal(requeueMissed(kiosk, waiting.trackUrl))).toMatchObject({
      status: 409,
      code: 'NOT_REQUEUEABLE',
      details: { status: 'waiting' },
    });
    await supervisor.cancel(waiting.id);
    expect(await refusal(requeueMissed(kiosk, waiting.trackUrl))).toMatchObject({
      code: 'NOT_REQUEUEABLE',
      details: { status: 'cancelled' },
    });
    expect(await refusal(requeueMissed(kiosk, 'CBT1:0123456789abcdef0123456789abcdef'))).toMatchObject({
      status: 404,
      code: 'TICKET_NOT_FOUND',
    });
  });

  it('only a kiosk: strangers, a display and staff are refused, and nothing changes', async () => {
    const t = await missedTicket();
    expect(await refusal(requeueMissed(anon, t.trackUrl))).toMatchObject({ status: 401 });
    expect(await refusal(requeueMissed(display, t.trackUrl))).toMatchObject({ status: 403 });
    expect(await refusal(requeueMissed(clerk1, t.trackUrl))).toMatchObject({ status: 403 });
    expect(await refusal(requeueMissed(supervisor, t.trackUrl))).toMatchObject({ status: 403 });
    expect((await supervisor.ticket(t.id)).status).toBe('no_show');
  });

  it('the kiosk’s scanner (bridge) checks a missed visitor in again: the kiosk shows the ticket back in line', async () => {
    const t = await missedTicket();
    const before = kioskMessages.length;
    await bridge.publishAsync(
      topics.deviceEvents('demo', 'bridge-1'),
      JSON.stringify({ v: 1, at: clock, kioskId: 'kiosk-1', type: 'scan', peripheral: 'scanner', code: t.trackUrl }),
      { qos: 1 },
    );
    const shown = await until('a card-result at the kiosk', () =>
      kioskMessages.slice(before).find((m): m is KioskMessage & { type: 'card-result' } => m.type === 'card-result'),
    );
    expect(shown).toMatchObject({ ok: true, ticket: { id: t.id, status: 'waiting', priority: 'missed' } });
    const audit = await supervisor.audit({ action: 'ticket.requeue', target: t.id });
    expect(audit.records[0]).toMatchObject({ actor: { type: 'device', id: 'bridge-1' }, details: { by: 'visitor' } });
    // A second scan of the same ticket, now waiting again, is refused on the kiosk's screen.
    const again = kioskMessages.length;
    await bridge.publishAsync(
      topics.deviceEvents('demo', 'bridge-1'),
      JSON.stringify({ v: 1, at: clock, kioskId: 'kiosk-1', type: 'scan', peripheral: 'scanner', code: t.trackUrl }),
      { qos: 1 },
    );
    const second = await until('a second card-result', () =>
      kioskMessages.slice(again).find((m): m is KioskMessage & { type: 'card-result' } => m.type === 'card-result'),
    );
    expect(second).toMatchObject({ ok: true, ticket: { id: t.id, status: 'waiting' } });
  });
});
