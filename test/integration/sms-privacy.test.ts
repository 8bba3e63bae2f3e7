/**
 * Phones as personal data, checked after a scripted day: visitors give phones on the tracking
 * page, texts go out through the modem bridge to the emulated modem, one visitor stops texts,
 * tickets finish, a backup is taken, the day ends. Then the clear numbers must be nowhere —
 * not in the data dir, the backups, the hub's and the bridge's logs, HTTP answers, nor any MQTT
 * payload except the one documented path, `devices/<modem>/sms` (readable by that modem alone).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { Bridge } from '@callboard/firmware-bridge/bridge';
import type { BridgeConfig } from '@callboard/firmware-bridge/config';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { SmsModemEmulator } from '@callboard/firmware-bridge/emulators/sms-modem/emulator';
import { createLogger, setLogSink } from '@callboard/firmware-bridge/log';
import { type Hub, startHub } from '@callboard/hub/app';
import { HubClient, topics } from '@callboard/hub/client';
import { resolveConfig } from '@callboard/hub/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, tempDir, testConfigRaw } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const PHONES = ['13812345678', '15987654321'];
/**
 * What must never be seen: the numbers, and any run of them that includes the middle digits a
 * mask hides (long enough that a hash or token cannot hold it by chance).
 */
const SECRETS = [...PHONES, ...PHONES.map((p) => p.slice(0, 7)), ...PHONES.map((p) => p.slice(3))];
const MODEM_TOKEN = 'demo-sms-1-token-000000001';

function filesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...filesUnder(file));
    else {
      const raw = readFileSync(file);
      const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      out.push({ file: path.relative(dir, file), text });
    }
  }
  return out;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!socat)('no clear phone number outside the modem’s own topic', () => {
  const dataDir = tempDir('cb-sms-privacy-');
  const logs: string[] = [];
  const mqttPayloads: string[] = [];
  const answers: string[] = [];
  let hub: Hub & { baseUrl: string };
  let pty: PtyPair;
  let modem: SmsModemEmulator;
  let bridge: Bridge;
  let backupFile = '';

  beforeAll(async () => {
    const raw = testConfigRaw((r) => {
      r.backup = { enabled: false };
      r.devices.push({ id: 'sms-1', kind: 'sms-modem', name: '短信猫', token: MODEM_TOKEN });
      r.notifications = { transport: 'modem', modem: { deviceId: 'sms-1' } };
    });
    const config = resolveConfig(
      raw,
      { PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
      DEMO_CONFIG,
      path.dirname(DEMO_CONFIG),
    );
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const started = await startHub(config, { logger: { level: 'trace', stream }, serveApps: false });
    hub = Object.assign(started, { baseUrl: `http://127.0.0.1:${started.httpPort}` });
    await hub.bus.subscribe('callboard/#', (topic, payload) => mqttPayloads.push(`${topic} ${payload.toString()}`));
    setLogSink((line) => logs.push(line));
    process.env.LOG_LEVEL = 'debug';
    pty = await openPtyPair(
      path.join(dataDir, '..', `${path.basename(dataDir)}-modem`),
      path.join(dataDir, '..', `${path.basename(dataDir)}-modem.emu`),
      socat as string,
    );
    const log = createLogger('privacy');
    modem = new SmsModemEmulator({ path: pty.device, log });
    modem.start();
    const bridgeConfig: BridgeConfig = {
      deviceId: 'sms-1',
      token: MODEM_TOKEN,
      siteId: 'demo',
      hubUrl: hub.baseUrl,
      mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
      peripherals: [{ id: 'modem', kind: 'sms-modem', port: pty.host }],
      emulate: { dir: dataDir, dataDir, controlPort: 0, controlHost: '127.0.0.1' },
      source: 'test',
    };
    bridge = await Bridge.start(bridgeConfig, { log });
    await until('bridge and modem up', () => bridge.hub.connected && bridge.peripherals.get('modem')?.connected);
  });
  afterAll(async () => {
    delete process.env.LOG_LEVEL;
    await bridge?.stop();
    await modem?.stop();
    await pty?.close();
    await hub?.close();
  });

  async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${hub.baseUrl}/api/v1${url}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    answers.push(`${method} ${url} ${res.status} ${text}`);
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  it('a day of texts: phones given, texts sent, one stopped, tickets finished, a backup, the day ends', async () => {
    const kiosk = { authorization: 'Bearer demo-kiosk-1-token-0001' };
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    const staffCookie = { cookie: (clerk as unknown as { sessionCookie: string }).sessionCookie };
    const issued = [];
    for (let i = 0; i < 4; i++) issued.push((await call('POST', '/tickets', { serviceId: 'A' }, kiosk)).json);
    const tokenOf = (t: { trackUrl: string }) => t.trackUrl.split('/t/')[1] as string;
    // Two visitors give phones (one with the country code and spaces), a third gives a bad one.
    expect((await call('PUT', `/track/${tokenOf(issued[2])}/notify`, { phone: PHONES[0], aheadAt: 1, lang: 'zh' })).status).toBe(
      200,
    );
    expect(
      (
        await call('PUT', `/track/${tokenOf(issued[3])}/notify`, {
          phone: `+86 ${PHONES[1]?.replace(/(\d{3})(\d{4})/, '$1 $2 ')}`,
          aheadAt: 2,
          lang: 'en',
        })
      ).status,
    ).toBe(200);
    expect((await call('PUT', `/track/${tokenOf(issued[1])}/notify`, { phone: `12${PHONES[0]}x` })).status).toBe(400);
    const first = modem.next();
    await call('POST', '/counters/1/call-next', {}, staffCookie);
    await first; // issued[3]: 2 ahead
    const second = modem.next();
    await call('POST', '/counters/1/call-next', {}, staffCookie);
    await second; // issued[2]: 1 ahead
    await call('GET', `/tickets/${issued[2].id}/notify`, undefined, staffCookie);
    await call('GET', `/track/${tokenOf(issued[3])}/notify`);
    // One visitor stops the texts; the other is called and finished.
    await call('PUT', `/track/${tokenOf(issued[3])}/notify`, { stop: true });
    const called = modem.next();
    await call('POST', '/counters/1/call-next', {}, staffCookie);
    await called;
    await call('POST', `/tickets/${issued[2].id}/start`, {}, staffCookie);
    await call('POST', `/tickets/${issued[2].id}/finish`, {}, staffCookie);
    expect(modem.received.map((m) => m.to).sort()).toEqual([PHONES[0], PHONES[0], PHONES[1]].sort());
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    answers.push(JSON.stringify(await supervisor.request('GET', '/notifications/outbox')));
    // A person's request by phone: the export lists the texts sent to it (number masked), and the
    // erasure leaves none linked to it, in the answers or in outbox.db.
    const person = { identity: { kind: 'phone' as const, value: PHONES[0] as string } };
    const exported = await supervisor.exportPersonalData(person);
    answers.push(JSON.stringify(exported));
    expect(exported.texts.map((t) => t.to)).toEqual(['138****5678', '138****5678']);
    for (const t of exported.texts) expect(['sent', 'delivered']).toContain(t.state);
    expect(exported.texts[0]?.text).toContain(issued[2].number);
    const erased = await supervisor.erasePersonalData(person);
    expect(erased.erased['notification-phones']).toMatchObject({ texts: 2 });
    expect((await supervisor.exportPersonalData(person)).texts).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'outbox.db'), 'utf8')).not.toContain('138****5678');
    backupFile = await hub.backups.runNow(Date.now(), path.join(dataDir, 'backups'), 3);
    // The business day ends (what the day roll does at dayStartsAt).
    hub.app.events.emit('day.rolled', { day: '2099-01-01' });
    await until('every phone erased', () => hub.app.notify.phones.size === 0);
  });

  it('finds no clear number in the data dir, backups, logs, HTTP answers or MQTT but the modem’s topic', async () => {
    await bridge.stop();
    await hub.close();
    const found: string[] = [];
    const scan = (where: string, text: string) => {
      for (const s of SECRETS) if (text.includes(s)) found.push(`${where}: ${s}`);
    };
    const files = filesUnder(dataDir);
    // The backup is scanned too (decompressed), and it holds the notification collections.
    const backup = files.find((f) => f.file === path.basename(backupFile));
    expect(backup?.text).toContain('"name":"outbox.db"');
    for (const f of files) scan(`data dir ${f.file}`, f.text);
    for (const line of logs) scan('log', line);
    for (const a of answers) scan('HTTP', a);
    const smsTopic = `${topics.deviceSms('demo', 'sms-1')} `;
    const toModem = mqttPayloads.filter((p) => p.startsWith(smsTopic));
    expect(toModem).toHaveLength(3); // the documented path, and the scan can see it
    expect(toModem.some((p) => p.includes(PHONES[0] as string))).toBe(true);
    for (const p of mqttPayloads) if (!p.startsWith(smsTopic)) scan('MQTT', p);
    expect(found).toEqual([]);
    // At the end of the day no sealed number is left on disk either, not even in superseded lines.
    const phonesDb = files.find((f) => f.file === 'phones.db')?.text ?? '';
    const outboxDb = files.find((f) => f.file === 'outbox.db')?.text ?? '';
    expect(phonesDb).not.toContain('"sealed"');
    expect(outboxDb).not.toContain('toSealed');
    // The texts stay (masked) for the supervisor; those of the person who asked to be forgotten
    // lost their link to the phone.
    expect(outboxDb).toContain('159****4321');
    expect(outboxDb).not.toContain('138****5678');
  });
});
