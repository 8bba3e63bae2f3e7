/**
 * Appointment reminders on real ports, on the hub's test clock: a booking made with a phone
 * number gets the day-before text (at 18:00 site time) and the 30-minutes-before text, each once,
 * with the link to the visitor's appointment page — through the emulated SMS modem (PDUs decoded
 * on the far side of a socat pty, Chinese compared) and through the `smpp` package's server as
 * the SMSC (Chinese and English). Nothing goes twice across a hub restart. The page (its token the
 * only credential) shows the appointment masked, cancels it, and checks it in ("I'm here" only on
 * the site's network). The phone is gone from the data dir once the appointment is over
 * (checked in, cancelled, missed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Bridge } from '@callboard/firmware-bridge/bridge';
import type { BridgeConfig } from '@callboard/firmware-bridge/config';
import { openPtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { SmsModemEmulator } from '@callboard/firmware-bridge/emulators/sms-modem/emulator';
import { createLogger } from '@callboard/firmware-bridge/log';
import {
  type ApiError,
  type AppointmentReply,
  bookingArrived,
  bookingPage,
  cancelBooking,
  HubClient,
} from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';
import { TestSmsc } from '../support/smsc';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const log = createLogger('reminder-test');
// A Wednesday (service C has slots 08:30–11:30), after the real clock: the bridge drops texts past their expiry by its own clock.
const DAY = '2027-03-03';
const at = (local: string) => Date.parse(`${local}:00+08:00`);
const SITE_ZH = '演示政务服务大厅';
const LINK = /(http:\/\/\S+\/b\/([A-Za-z0-9_-]{16,64}))$/;

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) hits.push(...filesContaining(p, needle));
    else if (readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

/** Whether phones.db holds a sealed number for this appointment (a line with its `appointment:<id>`). */
function sealedKept(dataDir: string, appointmentId: string): boolean {
  return readFileSync(path.join(dataDir, 'phones.db'), 'utf8').includes(`"appointment:${appointmentId}"`);
}

function reminderConfig(raw: any, notifications: object) {
  raw.backup = { enabled: false };
  raw.rateLimit = { ticketsPerMinutePerClient: 1000 };
  raw.visitors = { siteNetworks: ['127.0.0.0/8', '::1/128'] };
  raw.appointments.sweepIntervalSec = 1;
  raw.notifications = {
    ...notifications,
    retryFirstMs: 200,
    maxAttempts: 3,
    reminders: { dayBeforeAt: '18:00', minutesBefore: 30, keepPhoneAfterMin: 10, checkEverySec: 1 },
  };
}

async function book(clerk: HubClient, time: string, identityPhone: string, phone: string, lang: 'zh' | 'en') {
  const r = await clerk.request<AppointmentReply>('POST', '/appointments', {
    slotId: `C@${DAY}T${time}`,
    identity: { kind: 'phone', value: identityPhone },
    phone,
    lang,
  });
  return r.appointment;
}

describe.skipIf(!socat)('reminders through the emulated SMS modem', () => {
  const PHONE = '13812345678';
  const dir = tempDir('cb-remind-modem-');
  const MODEM_TOKEN = 'demo-sms-1-token-000000001';
  let clock = at('2027-03-02T10:00');
  let hub: TestHub;
  let modem: SmsModemEmulator;
  let bridge: Bridge;
  let closePty: () => Promise<void> | void = () => {};

  beforeAll(async () => {
    hub = await startTestHub({
      dataDir: path.join(dir, 'data'),
      now: () => clock,
      patch: (raw) => {
        reminderConfig(raw, { transport: 'modem', modem: { deviceId: 'sms-1' } });
        raw.devices.push({ id: 'sms-1', kind: 'sms-modem', name: '短信猫', token: MODEM_TOKEN });
      },
    });
    const p = await openPtyPair(path.join(dir, 'modem'), path.join(dir, 'modem.emu'), socat as string);
    closePty = () => p.close();
    modem = new SmsModemEmulator({ path: p.device, log });
    modem.start();
    const config: BridgeConfig = {
      deviceId: 'sms-1',
      token: MODEM_TOKEN,
      siteId: 'demo',
      hubUrl: hub.baseUrl,
      mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
      peripherals: [{ id: 'modem', kind: 'sms-modem', port: p.host }],
      emulate: { dir, dataDir: dir, controlPort: 0, controlHost: '127.0.0.1' },
      source: 'test',
    };
    bridge = await Bridge.start(config, { log });
    await until('bridge on the hub, modem open', () => bridge.hub.connected && bridge.peripherals.get('modem')?.connected);
  });
  afterAll(async () => {
    await bridge?.stop();
    await modem?.stop();
    await closePty();
    await hub?.close();
  });

  it('the day before at 18:00 and 30 minutes before, once each, in Chinese; "I’m here" checks in; the phone is erased', async () => {
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const appt = await book(clerk, '09:30', '13900000001', PHONE, 'zh');
    expect(appt.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(appt)).not.toContain(PHONE);
    expect(filesContaining(hub.startOptions.dataDir as string, PHONE)).toEqual([]);
    await until('the sealed phone on disk', () => sealedKept(hub.startOptions.dataDir as string, appt.id));

    clock = at('2027-03-02T17:59');
    await pause(2500);
    expect(modem.received).toHaveLength(0);

    const dayBefore = modem.next();
    clock = at('2027-03-02T18:00');
    const first = await dayBefore;
    expect(first.to).toBe(PHONE);
    const [, , token] = first.text.match(LINK) ?? [];
    expect(token).toBeDefined();
    expect(first.text).toBe(`【${SITE_ZH}】提醒：您预约了明天09:30的证件办理。签到或取消：${first.text.match(LINK)?.[1]}`);

    // The page: this appointment only, masked; "I'm here" is not for today's booking of tomorrow.
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const page = await bookingPage(anon, token as string);
    expect(page).toMatchObject({ status: 'booked', time: '09:30', date: DAY, phoneMasked: '138****5678', hereWorks: true });
    expect(page.qr).toBe(appt.qr);
    const early = await bookingArrived(anon, token as string).catch((e: ApiError) => e);
    expect(early).toMatchObject({ status: 409, code: 'CHECK_IN_CLOSED' });

    clock = at(`${DAY}T08:59`);
    await pause(2000);
    expect(modem.received).toHaveLength(1);
    const soon = modem.next();
    clock = at(`${DAY}T09:00`);
    expect(await soon).toMatchObject({
      to: PHONE,
      text: `【${SITE_ZH}】提醒：您预约的证件办理于09:30开始，请按时到达。签到或取消：${first.text.match(LINK)?.[1]}`,
    });

    clock = at(`${DAY}T09:20`);
    const here = await bookingArrived(anon, token as string);
    expect(here.status).toBe('checked_in');
    expect(here.ticket?.number).toMatch(/^C\d+/);
    expect(here.qr).toBeUndefined();
    await clerk.login('clerk1', 'callboard-demo'); // the session idled out on the test clock overnight
    await until('the sealed phone erased from phones.db', () => !sealedKept(hub.startOptions.dataDir as string, appt.id));
    expect(filesContaining(hub.startOptions.dataDir as string, PHONE)).toEqual([]);
    expect((await clerk.request<AppointmentReply>('GET', `/appointments/${appt.ref}`)).appointment.phoneMasked).toBeUndefined();
    await pause(2000);
    expect(modem.received).toHaveLength(2);
  });
});

describe('reminders through an SMPP gateway, across a restart; the appointment page', () => {
  const PHONE_ZH = '13912340001';
  const PHONE_EN = '13912340002';
  const smsc = new TestSmsc();
  let clock = at('2027-03-02T10:00');
  let hub: TestHub;
  let clerk: HubClient;
  const anon = () => new HubClient({ baseUrl: hub.baseUrl });

  beforeAll(async () => {
    const port = await smsc.listen();
    hub = await startTestHub({
      now: () => clock,
      patch: (raw) =>
        reminderConfig(raw, {
          transport: 'smpp',
          smpp: { host: '127.0.0.1', port, systemId: 'callboard', password: 'secret1', sourceAddr: '10690001', perSecond: 50 },
        }),
    });
    clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await until('bound to the SMSC', () => smsc.binds > 0);
  });
  afterAll(async () => {
    await hub?.close();
    await smsc.close();
  });

  it('Chinese and English reminders reach the SMSC once each, a restart in between; cancel and no-show erase the phones', async () => {
    const zh = await book(clerk, '09:30', '13900000011', PHONE_ZH, 'zh');
    const en = await book(clerk, '10:00', '13900000012', PHONE_EN, 'en');

    clock = at('2027-03-02T18:05');
    const texts = await until('both day-before texts', () => (smsc.texts().length >= 2 ? smsc.texts() : undefined));
    const zhText = texts.find((t) => t.to === PHONE_ZH)?.text ?? '';
    const enText = texts.find((t) => t.to === PHONE_EN)?.text ?? '';
    expect(zhText).toMatch(
      new RegExp(`^【${SITE_ZH}】提醒：您预约了明天09:30的证件办理。签到或取消：http://\\S+/b/[A-Za-z0-9_-]+$`),
    );
    expect(enText).toMatch(
      /^Demo Service Hall: your ID & permits appointment is tomorrow at 10:00\. Check in or cancel: http:\/\/\S+\/b\/[A-Za-z0-9_-]+$/,
    );
    const zhToken = zhText.match(LINK)?.[2] as string;
    const enToken = enText.match(LINK)?.[2] as string;
    expect(zhToken).not.toBe(enToken);

    // A restart at 18:05: the reminders already queued are not sent again.
    const binds = smsc.binds;
    await hub.close();
    hub = await startTestHubAgain(hub);
    clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await until('bound again', () => smsc.binds > binds);
    await pause(3000);
    expect(smsc.texts()).toHaveLength(2);

    // Each page shows its own appointment only; a made-up token learns nothing.
    expect(await bookingPage(anon(), zhToken)).toMatchObject({ time: '09:30', phoneMasked: '139****0001', status: 'booked' });
    expect(await bookingPage(anon(), enToken)).toMatchObject({ time: '10:00', phoneMasked: '139****0002', status: 'booked' });
    const stranger = await bookingPage(anon(), 'A'.repeat(22)).catch((e: ApiError) => e);
    expect(stranger).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(stranger)).not.toMatch(/09:30|10:00|139|C@/);

    clock = at(`${DAY}T09:00`);
    await until('the Chinese 30-minute text', () => smsc.texts().length === 3);
    clock = at(`${DAY}T09:30`);
    await until('the English 30-minute text', () => smsc.texts().length === 4);
    expect(smsc.texts()[2]).toMatchObject({ to: PHONE_ZH });
    expect(smsc.texts()[2]?.text).toMatch(new RegExp(`^【${SITE_ZH}】提醒：您预约的证件办理于09:30开始，请按时到达。`));
    expect(smsc.texts()[3]?.text).toMatch(
      /^Demo Service Hall: your ID & permits appointment starts at 10:00\. Check in or cancel: /,
    );

    // The English visitor cancels from the page; the Chinese one never comes (no-show).
    const cancelled = await cancelBooking(anon(), enToken);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(cancelled.qr).toBeUndefined();
    expect((await cancelBooking(anon(), enToken).catch((e: ApiError) => e)) as ApiError).toMatchObject({ status: 409 });
    await clerk.login('clerk1', 'callboard-demo'); // the session idled out on the test clock overnight
    expect((await clerk.request<AppointmentReply>('GET', `/appointments/${en.ref}`)).appointment.status).toBe('cancelled');
    clock = at(`${DAY}T11:00`);
    await until('the missed appointment is a no-show', async () => {
      const a = (await clerk.request<AppointmentReply>('GET', `/appointments/${zh.ref}`)).appointment;
      return a.status === 'no_show';
    });
    const dataDir = hub.startOptions.dataDir as string;
    await until('both sealed phones erased from phones.db', () => !sealedKept(dataDir, zh.id) && !sealedKept(dataDir, en.id));
    expect([...filesContaining(dataDir, PHONE_ZH), ...filesContaining(dataDir, PHONE_EN)]).toEqual([]);
    await pause(2000);
    expect(smsc.texts()).toHaveLength(4);
  });
});
