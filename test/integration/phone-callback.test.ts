/**
 * Callback tickets and the IVR against a real hub (REST, NeDB, the real queue, the embedded
 * broker): the PBX gateway puts a caller in the callback queue by DTMF digits; the callback
 * keeps its place among the walk-ins; a clerk gets it by call-next, dials it (tel: link and a
 * dial request to the gateway over MQTT), "no answer" puts it back for N minutes (test clock),
 * then it is called again and finished; the IVR reports its position all along. The last of M
 * unanswered calls ends a callback as unreachable; a preferred window holds a callback back
 * until it opens; the number is erased when the callback is over; only the gateway may use
 * the IVR routes.
 */
import {
  ApiError,
  bookCallback,
  callbackNoAnswer,
  dialCallback,
  HubClient,
  ivrCancel,
  ivrJoin,
  ivrStatus,
  reportPhone,
  topics,
} from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const MIN = 60_000;
let clock = Date.UTC(2026, 11, 7, 2, 0); // Monday 10:00 in Asia/Shanghai
let hub: TestHub;
let pbx: HubClient;
let kiosk: HubClient;
let clerk: HubClient;
const PHONE = '13812345678';

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return { status: (err as ApiError).status, code: (err as ApiError).code };
}

/** Starts and finishes the visit at the counter. */
async function serve(id: string): Promise<void> {
  await clerk.start(id);
  await clerk.finish(id);
}

beforeAll(async () => {
  hub = await startTestHub({
    now: () => clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.phone = { retryMin: 10, maxAttempts: 2, ivrServices: { '1': 'A', '2': 'B' }, gatewayDeviceId: 'pbx-1' };
    },
  });
  pbx = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-pbx-1-token-0001' });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  await clerk.openCounter('1');
});
afterAll(async () => {
  await hub?.close();
});

describe('a callback ticket from the IVR', () => {
  it('goes through call-next, dial, "no answer", re-queue after N minutes and finish; the IVR follows it', async () => {
    const w1 = await kiosk.issueTicket({ serviceId: 'A' });
    clock += MIN;
    const joined = await ivrJoin(pbx, { service: '1', phone: PHONE });
    expect(joined).toMatchObject({ status: 'waiting', ahead: 1, attempts: 0 });
    const code = joined.code;
    expect(joined.number.endsWith(code.padStart(3, '0'))).toBe(true);
    expect(JSON.stringify(joined)).not.toContain('5678'); // no phone digits in the IVR's answer
    // One open callback per phone and service.
    expect(await refusal(ivrJoin(pbx, { service: '1', phone: PHONE }))).toEqual({ status: 409, code: 'ALREADY_WAITING' });
    // The wrong last 4 digits find nothing and name nothing.
    expect(await refusal(ivrStatus(pbx, code, '0000'))).toEqual({ status: 404, code: 'TICKET_NOT_FOUND' });

    clock += MIN;
    const w2 = await kiosk.issueTicket({ serviceId: 'A' });
    // The callback keeps its place: the walk-in behind it counts it; the line and its estimate include it.
    expect(w2.position).toBe(2);
    expect((await ivrStatus(pbx, code, '5678')).ahead).toBe(1);
    const a = (await kiosk.queue()).services.find((s) => s.serviceId === 'A');
    expect(a?.waiting).toBe(3);
    const status0 = await ivrStatus(pbx, code, '5678');
    expect(status0.estimatedCallbackSec).toBeGreaterThan(0);
    expect(status0.estimatedCallbackUnix).toBe(Math.round((clock + status0.estimatedCallbackSec * 1000) / 1000));

    expect((await clerk.callNext('1')).number).toBe(w1.number);
    await serve(w1.id);
    expect((await ivrStatus(pbx, code, '5678')).ahead).toBe(0);
    const called = await clerk.callNext('1');
    expect(called.number).toBe(joined.number);
    expect(called.source).toBe('phone');
    expect(called.callback).toMatchObject({ masked: '138****5678', attempts: 0 });
    expect(called.identityMasked).toBe('138****5678');
    expect((await ivrStatus(pbx, code, '5678')).status).toBe('calling');
    // Made by phone: the waiting room's board does not call the callback to the counter.
    expect(hub.app.queue.board().calls.map((c) => c.number)).toEqual([w1.number]);

    // Dial: the clerk's tel: link, and the dial request on the gateway's own topic.
    const gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      username: 'pbx-1',
      password: 'demo-pbx-1-token-0001',
      clientId: 'pbx-1-test',
    });
    const dials: { phone: string; number: string; counterId?: string }[] = [];
    gateway.on('message', (_t, payload) => dials.push(JSON.parse(payload.toString())));
    await gateway.subscribeAsync(topics.deviceDial('demo', 'pbx-1'), { qos: 1 });
    const dial = await dialCallback(clerk, called.id);
    expect(dial).toEqual({ tel: `tel:${PHONE}`, masked: '138****5678', sentToGateway: true });
    await expect.poll(() => dials.length).toBe(1);
    expect(dials[0]).toMatchObject({ phone: PHONE, number: joined.number, counterId: '1' });
    await gateway.endAsync(true);

    // No answer: back in the line, not called for 10 minutes; the walk-in behind it goes first.
    const back = await callbackNoAnswer(clerk, called.id);
    expect(back.status).toBe('waiting');
    expect(back.callback).toMatchObject({ attempts: 1, notBefore: clock + 10 * MIN });
    const waiting1 = await ivrStatus(pbx, code, '5678');
    expect(waiting1).toMatchObject({ status: 'waiting', ahead: 0, attempts: 1 });
    expect(waiting1.estimatedCallbackUnix).toBeGreaterThanOrEqual(Math.round((clock + 10 * MIN) / 1000));
    expect(await refusal(dialCallback(clerk, called.id))).toMatchObject({ status: 409 });
    expect((await clerk.callNext('1')).number).toBe(w2.number);
    await serve(w2.id);
    clock += 5 * MIN;
    expect(await refusal(clerk.callNext('1'))).toEqual({ status: 404, code: 'QUEUE_EMPTY' });

    // Ten minutes after "no answer": called again, answered, finished.
    clock += 5 * MIN;
    const again = await clerk.callNext('1');
    expect(again.number).toBe(joined.number);
    await clerk.start(again.id);
    const done = await clerk.finish(again.id, { outcome: 'resolved' });
    expect(done.status).toBe('done');
    expect(await ivrStatus(pbx, code, '5678')).toMatchObject({ status: 'done', ahead: 0, attempts: 1 });
    // The number went with the callback; the ticket keeps the masked form and the HMAC only.
    expect(hub.app.notify.phones.has(`ticket:${again.id}`)).toBe(false);
  });

  it('the last of M unanswered calls ends it as unreachable', async () => {
    clock += MIN;
    const joined = await ivrJoin(pbx, { service: '1', phone: '13900001111' });
    const first = await clerk.callNext('1');
    expect(first.number).toBe(joined.number);
    await callbackNoAnswer(clerk, first.id);
    clock += 10 * MIN;
    const second = await clerk.callNext('1');
    expect(second.number).toBe(joined.number);
    const last = await callbackNoAnswer(clerk, second.id);
    expect(last).toMatchObject({ status: 'done', outcome: 'unreachable', callback: { attempts: 2, unreachable: true } });
    expect(await ivrStatus(pbx, joined.code, '1111')).toMatchObject({ status: 'unreachable', attempts: 2 });
    expect(hub.app.notify.phones.has(`ticket:${last.id}`)).toBe(false);
    // Both ended callbacks are phone contacts: one answered (the test before), one unreachable →
    // callback success 1 of 2, in the hour (10:00 site time) they ended.
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await expect.poll(async () => (await reportPhone(supervisor)).hours.at(-1)?.callbacksEnded, { timeout: 5000 }).toBe(2);
    const hours = (await reportPhone(supervisor)).hours;
    expect(hours.find((h) => h.hour === 10)).toMatchObject({ callbacksEnded: 2, callbacksAnswered: 1, callbackSuccessRate: 0.5 });
    const contacts = await hub.app.repos.phoneContacts.between('2026-12-07', '2026-12-07');
    expect(contacts.find((c) => c.id === `callback:${last.id}`)).toMatchObject({
      kind: 'callback',
      outcome: 'unreachable',
      callerMasked: '139****1111',
      ticketNumber: last.number,
    });
    expect(JSON.stringify(contacts)).not.toContain('13900001111');
  });

  it('a preferred window holds the callback back until it opens; the caller may cancel from the IVR', async () => {
    clock += MIN; // 10:23
    const later = await ivrJoin(pbx, { service: '1', phone: '13700002222', after: '1100' });
    const opensAt = Date.UTC(2026, 11, 7, 3, 0);
    expect(later.estimatedCallbackUnix).toBeGreaterThanOrEqual(opensAt / 1000);
    expect(await refusal(clerk.callNext('1'))).toEqual({ status: 404, code: 'QUEUE_EMPTY' });
    const walkIn = await kiosk.issueTicket({ serviceId: 'A' });
    expect((await clerk.callNext('1')).number).toBe(walkIn.number);
    await serve(walkIn.id);
    clock = opensAt;
    expect((await clerk.callNext('1')).number).toBe(later.number);
    await serve((await clerk.counters()).find((c) => c.id === '1')?.current?.id as string);

    const toCancel = await ivrJoin(pbx, { service: '1', phone: '13600003333' });
    expect(await ivrCancel(pbx, toCancel.code, '3333')).toMatchObject({ status: 'cancelled', ahead: 0 });
    expect(await refusal(ivrCancel(pbx, toCancel.code, '3333'))).toMatchObject({ status: 409 });
  });

  it('a clerk books a callback for a caller on the line; only the clerk serving it may dial it', async () => {
    clock += MIN;
    const booked = await bookCallback(clerk, { serviceId: 'A', phone: '13511112222', before: '1700' });
    expect(booked).toMatchObject({ source: 'phone', status: 'waiting', callback: { masked: '135****2222', attempts: 0 } });
    expect(booked.callback?.windowTo).toBe(Date.UTC(2026, 11, 7, 9, 0));
    expect(await refusal(bookCallback(clerk, { serviceId: 'A', phone: '12' }))).toMatchObject({ status: 400 });
    expect(await refusal(dialCallback(clerk, booked.id))).toMatchObject({ status: 409 }); // not being made yet
    const called = await clerk.callNext('1');
    expect(called.id).toBe(booked.id);
    const other = new HubClient({ baseUrl: hub.baseUrl });
    await other.login('clerk2', 'callboard-demo'); // services B, C
    expect(await refusal(dialCallback(other, booked.id))).toMatchObject({ status: 403 });
    expect(await refusal(callbackNoAnswer(other, booked.id))).toMatchObject({ status: 403 });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    expect(await refusal(dialCallback(anon, booked.id))).toMatchObject({ status: 401 });
    expect((await dialCallback(clerk, booked.id)).tel).toBe('tel:13511112222');
    await serve(booked.id);
  });

  it('only the PBX gateway may use the IVR routes; a service not on the menu is refused', async () => {
    const board = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const body = { service: '1', phone: '13500004444' };
    expect(await refusal(ivrJoin(kiosk, body))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(ivrJoin(board, body))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(ivrJoin(clerk, body))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(ivrJoin(anon, body))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await refusal(ivrJoin(pbx, { service: '9', phone: '13500004444' }))).toEqual({
      status: 400,
      code: 'UNKNOWN_SERVICE',
    });
    // The gateway is not a kiosk: it issues no ordinary tickets and reads no screens.
    expect(await refusal(pbx.issueTicket({ serviceId: 'A' }))).toMatchObject({ status: 403 });
  });
});
