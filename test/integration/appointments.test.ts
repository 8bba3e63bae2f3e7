/**
 * The appointment book through the real API (issue 8) on a real hub with a controllable clock:
 * live slots, concurrent bookings against capacity, identity rules, check-in by reference, by ID
 * card and by booking QR at an emulated kiosk (MQTT), late check-in per policy, automatic
 * no-shows (also across a restart), suspensions with MQTT events and a signed webhook received
 * by a local HTTP server (that fails before it accepts), and CSV import with dry run / partial.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  ApiError,
  type AppointmentEvent,
  type AppointmentView,
  HubClient,
  type KioskMessage,
  topics,
} from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 2026-03-02 09:00 in Asia/Shanghai
const DAY = '2026-03-02';
const NEXT_DAY = '2026-03-03';
const at = (hhmm: string, date = DAY) => Date.parse(`${date}T${hhmm}:00+08:00`);
let clock = T0 - 60 * MIN; // 08:00
/** Moves the clock forward to local time `hhmm` (never back). */
const setTime = (hhmm: string) => {
  clock = Math.max(clock, at(hhmm));
};

const API_KEY = 'his-integration-key-0123456789';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const KEY = { 'x-api-key': API_KEY };
const slot = (time: string, date = DAY, resource?: string) => `C@${date}T${time}${resource ? `~${resource}` : ''}`;
const phone = (n: number) => ({ kind: 'phone' as const, value: `139${String(n).padStart(8, '0')}` });

/** A resident ID number with its ISO 7064 MOD 11-2 check digit. */
function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * (w[i] as number), 0);
  return first17 + ('10X98765432'[sum % 11] as string);
}
const ZHANG = idNumber('11010119800101003');

// ---- a webhook receiver that fails the first 3 attempts of the first `appointment.moved` delivery ----
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
const received: Received[] = [];
let failDelivery: string | undefined;
let failuresLeft = 3;
let receiver: Server;

let hub: TestHub;
let anon: HubClient;
let kioskClient: HubClient;
let clerk1: HubClient;
let clerk2: HubClient;
let supervisor: HubClient;
let admin: HubClient;
let bridge: MqttClient;
let kioskMqtt: MqttClient;
const kioskMessages: KioskMessage[] = [];
const events: AppointmentEvent[] = [];

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
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

async function signIn() {
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  clerk2 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  admin = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo');
  await clerk2.login('clerk2', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
  await admin.login('admin', 'callboard-admin');
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const delivery = String(req.headers['x-callboard-delivery']);
      if (failDelivery === undefined && req.headers['x-callboard-event'] === 'appointment.moved') failDelivery = delivery;
      const fail = delivery === failDelivery && failuresLeft > 0;
      if (fail) failuresLeft--;
      const status = fail ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  hub = await startTestHub({
    now: () => clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.appointments = {
        schedules: [
          { serviceId: 'C', weekly: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '17:00', slotMin: 30, capacity: 3 }] },
          { serviceId: 'C', staff: 'clerk2', weekly: [{ days: [1], from: '15:00', to: '16:00', slotMin: 60, capacity: 1 }] },
        ],
        extraSlots: [
          { serviceId: 'C', date: DAY, time: '18:00', durationMin: 30, capacity: 10 },
          { serviceId: 'C', date: NEXT_DAY, time: '17:30', durationMin: 30, capacity: 100 },
        ],
        apiKeys: [{ id: 'his', key: API_KEY }],
        webhook: { url: hookUrl, secret: WEBHOOK_SECRET, backoffMs: 50, maxAttempts: 6 },
        sweepIntervalSec: 1,
      };
    },
  });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  kioskClient = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  await signIn();
  await hub.bus.subscribe(topics.appointmentEvents('demo'), (_t, payload) => {
    events.push(JSON.parse(payload.toString('utf8')) as AppointmentEvent);
  });
  const mqttUrl = `mqtt://127.0.0.1:${hub.mqttPort}`;
  bridge = mqtt.connect(mqttUrl, { protocolVersion: 4, username: 'bridge-1', password: 'demo-bridge-1-token-0001' });
  kioskMqtt = mqtt.connect(mqttUrl, { protocolVersion: 4, username: 'kiosk-1', password: 'demo-kiosk-1-token-0001' });
  await Promise.all([bridge, kioskMqtt].map((c) => new Promise((r, j) => c.once('connect', r).once('error', j))));
  kioskMqtt.on('message', (_t, payload) => kioskMessages.push(JSON.parse(payload.toString('utf8')) as KioskMessage));
  await kioskMqtt.subscribeAsync(topics.deviceCommands('demo', 'kiosk-1'), { qos: 1 });
});

afterAll(async () => {
  bridge?.end(true);
  kioskMqtt?.end(true);
  await hub?.close();
  await new Promise((r) => receiver?.close(r));
});

/** Publishes a bridge event as the emulated kiosk's firmware-bridge does, and waits for the kiosk's result. */
async function atKiosk(event: object): Promise<KioskMessage & { type: 'card-result' }> {
  const before = kioskMessages.length;
  await bridge.publishAsync(
    topics.deviceEvents('demo', 'bridge-1'),
    JSON.stringify({ v: 1, at: clock, kioskId: 'kiosk-1', ...event }),
    { qos: 1 },
  );
  return until('a card-result at the kiosk', () =>
    kioskMessages.slice(before).find((m): m is KioskMessage & { type: 'card-result' } => m.type === 'card-result'),
  );
}

async function callAll(counterId: string, client: HubClient, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await client.callNext(counterId)).id);
  await supervisor.closeCounter(counterId);
  return ids;
}

describe('slots', () => {
  it('lists a day’s slots with live remaining capacity, publicly', async () => {
    const { slots } = await anon.slots('C', DAY);
    expect(slots.map((s) => s.time).slice(0, 3)).toEqual(['08:00', '08:30', '09:00']);
    expect(slots.find((s) => s.id === slot('09:30'))).toMatchObject({ capacity: 3, booked: 0, remaining: 3, start: at('09:30') });
    expect(slots.find((s) => s.id === slot('15:00', DAY, 'staff:clerk2'))).toMatchObject({ capacity: 1 });
    expect(slots.find((s) => s.id === slot('18:00'))).toMatchObject({ capacity: 10, extra: true });
    expect((await refused(anon.slots('A', DAY))).code).toBe('SERVICE_CLOSED');
    expect((await refused(anon.slots('C', '2026-02-30'))).status).toBe(400);
  });
});

describe('booking', () => {
  it('200 concurrent bookings for a slot of capacity 10: exactly 10 succeed, the rest get SLOT_FULL', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => anon.bookAppointment({ slotId: slot('18:00'), identity: phone(1000 + i) }, KEY)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as ApiError).code] : []));
    expect(ok).toHaveLength(10);
    expect(new Set(codes)).toEqual(new Set(['SLOT_FULL']));
    const s = (await anon.slots('C', DAY)).slots.find((x) => x.id === slot('18:00'));
    expect(s).toMatchObject({ booked: 10, remaining: 0 });
    const first = (ok[0] as PromiseFulfilledResult<AppointmentView>).value;
    expect(first).toMatchObject({ channel: 'api', status: 'booked', identityKind: 'phone' });
    expect(first.ref).toMatch(/^[ACDEFHJKMNPRTUVWXY34679]{8}$/);
    expect(first.qr).toBe(`CBA1:${first.ref}`);
  });

  it('50 concurrent bookings for a slot of capacity 3: exactly 3 succeed', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => clerk1.bookAppointment({ slotId: slot('16:30'), identity: phone(2000 + i) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect((await anon.slots('C', DAY)).slots.find((x) => x.id === slot('16:30'))?.remaining).toBe(0);
  });

  it('one identity: no second appointment for the service that day (DUPLICATE_BOOKING); stored as HMAC + masked only', async () => {
    const a = await clerk1.bookAppointment({ slotId: slot('09:30'), identity: phone(1), name: '李四' });
    expect(a).toMatchObject({ channel: 'window', identityMasked: expect.stringContaining('*'), nameMasked: '李*' });
    const dup = await refused(clerk1.bookAppointment({ slotId: slot('10:00'), identity: phone(1) }, {}));
    expect(dup).toMatchObject({ status: 409, code: 'DUPLICATE_BOOKING' });
    // The same person twice in one slot is a duplicate too, not a second seat.
    expect((await refused(anon.bookAppointment({ slotId: slot('09:30'), identity: phone(1) }, KEY))).code).toBe(
      'DUPLICATE_BOOKING',
    );
    const file = readFileSync(path.join(hub.startOptions.dataDir as string, 'appointments.db'), 'utf8');
    expect(file).toContain(a.ref);
    expect(file).not.toContain(phone(1).value);
    expect(file).not.toContain('李四');
    expect((await clerk1.appointment(a.ref)).status).toBe('booked');
  });

  it('who books on which channel; refusals for a started, unknown or malformed slot', async () => {
    expect((await refused(anon.bookAppointment({ slotId: slot('10:00'), identity: phone(2) }))).code).toBe('UNAUTHENTICATED');
    expect(
      (await refused(anon.bookAppointment({ slotId: slot('10:00'), identity: phone(2) }, { 'x-api-key': 'wrong' }))).code,
    ).toBe('UNAUTHENTICATED');
    const k = await kioskClient.bookAppointment({ slotId: slot('10:00'), identity: phone(3) });
    expect(k.channel).toBe('kiosk');
    expect((await refused(kioskClient.bookAppointment({ slotId: slot('10:00'), identity: phone(4), channel: 'app' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await refused(clerk1.bookAppointment({ slotId: slot('10:00'), identity: phone(4), channel: 'api' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await anon.bookAppointment({ slotId: slot('10:00'), identity: phone(4), channel: 'app' }, KEY)).channel).toBe('app');
    const board = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
    expect((await refused(board.bookAppointment({ slotId: slot('10:00'), identity: phone(5) }))).code).toBe('FORBIDDEN');
    expect((await refused(board.checkInAppointment(k.ref))).code).toBe('FORBIDDEN');
    expect((await refused(clerk1.bookAppointment({ slotId: slot('08:00'), identity: phone(5) }))).code).toBe('VALIDATION_FAILED');
    expect((await refused(clerk1.bookAppointment({ slotId: slot('08:15'), identity: phone(5) }))).code).toBe('SLOT_NOT_FOUND');
    expect((await refused(clerk1.bookAppointment({ slotId: 'nonsense', identity: phone(5) }))).code).toBe('SLOT_NOT_FOUND');
    expect(
      (
        await refused(
          clerk1.bookAppointment({ slotId: slot('10:30'), identity: { kind: 'id-card', value: '110101198001010030' } }),
        )
      ).code,
    ).toBe('INVALID_ID_NUMBER');
  });

  it('cancel and reschedule free and take seats', async () => {
    const a = await anon.bookAppointment({ slotId: slot('16:00'), identity: phone(6) }, KEY);
    const moved = await anon.rescheduleAppointment(a.ref, slot('16:00', DAY), KEY);
    expect(moved.slotId).toBe(slot('16:00'));
    const r = await clerk1.rescheduleAppointment(a.ref.toLowerCase(), slot('15:30'));
    expect(r).toMatchObject({ slotId: slot('15:30'), start: at('15:30') });
    expect((await anon.slots('C', DAY)).slots.find((x) => x.id === slot('16:00'))?.booked).toBe(0);
    expect((await anon.slots('C', DAY)).slots.find((x) => x.id === slot('15:30'))?.booked).toBe(1);
    const c = await clerk1.cancelAppointment(a.ref, 'visitor called');
    expect(c.status).toBe('cancelled');
    expect((await anon.slots('C', DAY)).slots.find((x) => x.id === slot('15:30'))?.booked).toBe(0);
    expect((await refused(clerk1.cancelAppointment(a.ref))).code).toBe('APPOINTMENT_NOT_ACTIVE');
    expect((await refused(kioskClient.cancelAppointment(a.ref))).code).toBe('UNAUTHENTICATED');
    expect((await refused(clerk1.appointment('AAAAAAAA'))).code).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('check-in', () => {
  let onTimeRef = '';
  let cardRef = '';
  let qrRef = '';
  let lateRef = '';

  it('by reference at the kiosk: a ticket with source appointment, called before earlier walk-ins', async () => {
    onTimeRef = (await clerk1.appointments(DAY, 'C')).find((a) => a.slotId === slot('09:30'))?.ref as string;
    cardRef = (await clerk1.bookAppointment({ slotId: slot('10:00'), identity: { kind: 'id-card', value: ZHANG } })).ref;
    qrRef = (await clerk1.bookAppointment({ slotId: slot('10:30'), identity: phone(7) })).ref;
    lateRef = (await clerk1.bookAppointment({ slotId: slot('11:00'), identity: phone(8) })).ref;
    setTime('09:05');
    const w1 = await anon.issueTicket({ serviceId: 'C' });
    setTime('09:06');
    const w2 = await anon.issueTicket({ serviceId: 'C' });
    setTime('09:10');
    expect((await refused(anon.checkInAppointment(onTimeRef))).code).toBe('UNAUTHENTICATED');
    const { ticket, appointment } = await kioskClient.checkInAppointment(onTimeRef);
    expect(ticket).toMatchObject({ position: 0, appointmentAt: at('09:30'), serviceId: 'C' });
    expect(appointment).toMatchObject({ status: 'checked_in', ticketId: ticket.id, ticketNumber: ticket.number });
    const view = await supervisor.ticket(ticket.id);
    expect(view).toMatchObject({ source: 'appointment', queueClass: 'appointment' });
    expect((await refused(kioskClient.checkInAppointment(onTimeRef))).code).toBe('APPOINTMENT_NOT_ACTIVE');
    expect(await callAll('4', clerk2, 3)).toEqual([ticket.id, w1.id, w2.id]);
  });

  it('by ID card at the emulated kiosk: the appointment’s ticket, ahead of an earlier walk-in', async () => {
    setTime('09:35');
    const w3 = await anon.issueTicket({ serviceId: 'C' });
    setTime('09:40');
    const result = await atKiosk({ type: 'card', peripheral: 'reader', card: { kind: 'resident', idNumber: ZHANG } });
    expect(result).toMatchObject({ ok: true, existing: false });
    expect(result.ticket).toMatchObject({ serviceId: 'C', position: 0, appointmentAt: at('10:00') });
    const a = await clerk1.appointment(cardRef);
    expect(a).toMatchObject({ status: 'checked_in', ticketId: result.ticket?.id });
    expect((await supervisor.ticket(result.ticket?.id as string)).source).toBe('appointment');
    expect(await callAll('4', clerk2, 2)).toEqual([result.ticket?.id, w3.id]);
  });

  it('by booking QR at the kiosk scanner', async () => {
    setTime('10:05');
    const a = await clerk1.appointment(qrRef);
    const result = await atKiosk({ type: 'scan', peripheral: 'scanner', code: a.qr });
    expect(result).toMatchObject({ ok: true });
    expect(result.ticket).toMatchObject({ appointmentAt: at('10:30') });
    expect((await clerk1.appointment(qrRef)).status).toBe('checked_in');
    // Only `CBA1:` codes are the book’s (others are left to other handlers); an unknown reference is refused.
    const refusedScan = await atKiosk({ type: 'scan', peripheral: 'scanner', code: 'CBA1:AAAAAAAA' });
    expect(refusedScan).toMatchObject({ ok: false, error: { code: 'APPOINTMENT_NOT_FOUND' } });
  });

  it('late, at a counter: the ticket queues as a walk-in per the policy', async () => {
    setTime('11:12');
    const w4 = await anon.issueTicket({ serviceId: 'C' });
    setTime('11:15'); // slot 11:00, grace 10 min: late, but before the no-show deadline (11:40)
    const { ticket } = await clerk2.checkInAppointment(lateRef);
    const view = await supervisor.ticket(ticket.id);
    expect(view).toMatchObject({ source: 'appointment', queueClass: 'normal', appointmentAt: at('11:00') });
    const order = await callAll('4', clerk2, 3); // the QR ticket (on time), the walk-in, the late one
    expect(order.indexOf(w4.id)).toBeLessThan(order.indexOf(ticket.id));
    expect(order).toHaveLength(3);
  });

  it('missed: becomes no_show by itself after the window, and cannot be checked in any more', async () => {
    const a = await anon.bookAppointment({ slotId: slot('12:00'), identity: phone(9) }, KEY);
    setTime('12:40');
    // Still open at the deadline itself …
    expect((await clerk1.appointment(a.ref)).status).toBe('booked');
    setTime('12:41');
    // … and marked by the hub's periodic sweep, without any request touching it.
    await until('the no-show sweep', async () => (await clerk1.appointment(a.ref)).status === 'no_show');
    expect((await refused(kioskClient.checkInAppointment(a.ref))).code).toBe('APPOINTMENT_NOT_ACTIVE');
    await until('the no_show event', () => events.find((e) => e.type === 'appointment.no_show' && e.appointment.ref === a.ref));
  });
});

describe('suspension', () => {
  it('moves the appointments of a suspended period to the next free slots, with an event for each', async () => {
    setTime('13:45');
    const refs: string[] = [];
    for (let i = 0; i < 3; i++)
      refs.push((await clerk1.bookAppointment({ slotId: slot('14:00'), identity: phone(100 + i) })).ref);
    await clerk1.bookAppointment({ slotId: slot('14:30'), identity: phone(103) });
    expect((await refused(clerk1.suspendAppointments({ serviceId: 'C', from: at('14:00'), to: at('14:30') }))).code).toBe(
      'FORBIDDEN',
    );
    const r = await supervisor.suspendAppointments({
      serviceId: 'C',
      from: at('14:00'),
      to: at('14:30'),
      rule: 'move',
      reason: 'system maintenance',
    });
    expect(r.cancelled).toEqual([]);
    expect(r.moved.map((a) => [a.ref, a.time])).toEqual([
      [refs[0], '14:30'],
      [refs[1], '14:30'],
      [refs[2], '15:00'],
    ]);
    const slots = (await anon.slots('C', DAY)).slots;
    expect(slots.find((s) => s.id === slot('14:00'))).toBeUndefined();
    expect(slots.find((s) => s.id === slot('14:30'))?.remaining).toBe(0);
    expect((await refused(clerk1.bookAppointment({ slotId: slot('14:00'), identity: phone(104) }))).code).toBe('SLOT_NOT_FOUND');
    const moved = await until('three moved events on MQTT', () => {
      const m = events.filter((e) => e.type === 'appointment.moved');
      return m.length >= 3 && m;
    });
    expect(moved.map((e) => [e.appointment.ref, e.from?.slotId, e.reason])).toEqual(
      refs.map((ref) => [ref, slot('14:00'), 'system maintenance']),
    );
  });

  it('cancels a suspended clerk’s appointments under the cancel rule', async () => {
    const mine = await clerk1.bookAppointment({ slotId: slot('15:00', DAY, 'staff:clerk2'), identity: phone(105) });
    const r = await supervisor.suspendAppointments({
      serviceId: 'C',
      staff: 'clerk2',
      from: at('15:00'),
      to: at('16:00'),
      rule: 'cancel',
      reason: 'clerk2 ill',
    });
    expect(r.moved).toEqual([]);
    expect(r.cancelled.map((a) => a.ref)).toEqual([mine.ref]);
    // The service-wide 15:00 slot (holding one moved appointment) is untouched.
    expect((await anon.slots('C', DAY)).slots.find((s) => s.id === slot('15:00'))?.booked).toBe(1);
    await until('the cancelled event', () =>
      events.find((e) => e.type === 'appointment.cancelled' && e.appointment.ref === mine.ref && e.reason === 'clerk2 ill'),
    );
  });

  it('the webhook receiver gets signed events, and one it failed 3 times once it is back', async () => {
    const delivered = await until('the failed delivery to succeed', () =>
      received.find((x) => x.headers['x-callboard-delivery'] === failDelivery && x.status === 200),
    );
    const attempts = received.filter((x) => x.headers['x-callboard-delivery'] === failDelivery);
    expect(attempts.map((x) => [x.status, x.headers['x-callboard-attempt']])).toEqual([
      [500, '1'],
      [500, '2'],
      [500, '3'],
      [200, '4'],
    ]);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'appointment.moved', v: 1, siteId: 'demo' });
    for (const x of received) {
      const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(x.body).digest('hex')}`;
      expect(x.headers['x-callboard-signature']).toBe(expected);
    }
    const types = await until('cancelled and no-show events at the receiver', () => {
      const t = new Set(received.filter((x) => x.status === 200).map((x) => JSON.parse(x.body).type as string));
      return t.has('appointment.cancelled') && t.has('appointment.no_show') && t;
    });
    expect([...types]).toEqual(expect.arrayContaining(['appointment.booked', 'appointment.checked_in', 'appointment.moved']));
    const dead = await admin.request<{ configured: boolean; deadLetters: unknown[] }>(
      'GET',
      '/appointments/webhook/dead-letters',
    );
    expect(dead).toMatchObject({ configured: true, deadLetters: [] });
  });
});

describe('CSV import', () => {
  const BAD_LINES = [11, 51, 81];
  const csv = (() => {
    const lines = ['service,date,time,id_number,phone,name,channel'];
    for (let i = 0; i < 100; i++) {
      const line = i + 2;
      const id = idNumber(`1101011990${String(i).padStart(4, '0')}001`.slice(0, 17));
      if (line === 11) lines.push(`C,2026-02-30,17:30,,1380000${String(i).padStart(4, '0')},x,import`);
      else if (line === 51) lines.push(`Z,${NEXT_DAY},17:30,,1380000${String(i).padStart(4, '0')},x,import`);
      else if (line === 81) lines.push(`C,${NEXT_DAY},17:30,${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'},,"Wang, Wu",phone`);
      else if (i % 2 === 0) lines.push(`C,${NEXT_DAY},17:30,${id},,"Wang, Wu",phone`);
      else lines.push(`C,${NEXT_DAY},17:30,,1380000${String(i).padStart(4, '0')},,`);
    }
    return `${lines.join('\n')}\n`;
  })();
  const bookedAt1730 = async () => (await anon.slots('C', NEXT_DAY)).slots.find((s) => s.id === slot('17:30', NEXT_DAY))?.booked;

  it('a dry run reports exactly the bad lines with line number and field, and books nothing', async () => {
    expect((await refused(clerk1.importAppointments({ csv, dryRun: true }))).code).toBe('FORBIDDEN');
    const r = await admin.importAppointments({ csv, dryRun: true });
    expect(r).toMatchObject({ dryRun: true, total: 100, valid: 97, invalid: 3, imported: 0 });
    expect(r.rows.filter((x) => !x.ok).map((x) => [x.line, x.field, x.code])).toEqual([
      [11, 'date', 'VALIDATION_FAILED'],
      [51, 'service', 'UNKNOWN_SERVICE'],
      [81, 'id_number', 'INVALID_ID_NUMBER'],
    ]);
    expect(BAD_LINES).toEqual(r.rows.filter((x) => !x.ok).map((x) => x.line));
    expect(await bookedAt1730()).toBe(0);
  });

  it('all or nothing by default (text/csv); with partial the 97 valid rows are booked', async () => {
    const res = await fetch(`${hub.baseUrl}/api/v1/appointments/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...KEY },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dryRun: false, partial: false, invalid: 3, imported: 0 });
    expect(await bookedAt1730()).toBe(0);
    const r = await anon.importAppointments({ csv, partial: true }, KEY);
    expect(r).toMatchObject({ imported: 97, invalid: 3 });
    expect(r.rows.filter((x) => x.ok).every((x) => typeof x.ref === 'string')).toBe(true);
    expect(await bookedAt1730()).toBe(97);
    const booked = await clerk1.appointments(NEXT_DAY, 'C');
    expect(booked.filter((a) => a.channel === 'phone')).toHaveLength(50); // the even rows (the bad ones are odd)
    expect(booked.filter((a) => a.channel === 'import')).toHaveLength(47);
    // Importing the same file again: every valid row is now a duplicate of itself.
    const again = await anon.importAppointments({ csv, partial: true, dryRun: true }, KEY);
    expect(again.rows.filter((x) => x.code === 'DUPLICATE_BOOKING')).toHaveLength(97);
  });
});

describe('JSON import and iCalendar export', () => {
  it('JSON rows are checked like CSV lines (line = position), including against earlier rows', async () => {
    const rows = [0, 1, 2, 3].map((i) => ({ service: 'C', date: NEXT_DAY, time: '16:30', phone: phone(400 + i).value }));
    const all = await admin.importAppointments({ rows });
    expect(all).toMatchObject({ imported: 0, valid: 3, invalid: 1 });
    expect(all.rows.filter((x) => !x.ok).map((x) => [x.line, x.field, x.code])).toEqual([[4, 'time', 'SLOT_FULL']]);
    expect((await admin.importAppointments({ rows, partial: true })).imported).toBe(3);
    expect((await refused(admin.importAppointments({ csv: 'service\n', rows }))).code).toBe('VALIDATION_FAILED');
  });

  it('exports a service’s day as iCalendar for staff, identities masked', async () => {
    const login = await fetch(`${hub.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk1', password: 'callboard-demo' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const url = `${hub.baseUrl}/api/v1/appointments/export.ics?service=C&date=${NEXT_DAY}`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(100); // 97 from the CSV, 3 from JSON
    expect(text).toContain('DTSTART:20260303T093000Z'); // 17:30 in Shanghai
    expect(text).not.toContain(phone(400).value);
  });
});

describe('restart', () => {
  it('an appointment whose window passed while the hub was down is a no-show at start-up', async () => {
    const a = await anon.bookAppointment({ slotId: slot('16:00'), identity: phone(300) }, KEY);
    bridge.end(true);
    kioskMqtt.end(true);
    await hub.close();
    clock = at('16:45'); // deadline 16:40
    // Same data and ports, but a periodic sweep too slow to be the one that marks it.
    const { startOptions } = hub;
    hub = await startTestHub({
      ...startOptions,
      patch: (cfg) => {
        startOptions.patch?.(cfg);
        cfg.appointments.sweepIntervalSec = 3600;
      },
      env: { ...startOptions.env, PORT: String(hub.httpPort), MQTT_PORT: String(hub.mqttPort ?? 0) },
    });
    await signIn();
    expect((await clerk1.appointment(a.ref)).status).toBe('no_show');
    expect((await clerk1.appointment(a.ref)).history.map((h) => h.action)).toEqual(['booked', 'no_show']);
  });
});
