/**
 * The firmware-bridge end to end, with nothing faked at the edges: the hub and the bridge run
 * as their own processes (as on a site), the peripherals are emulators speaking real bytes on
 * the far side of socat pty pairs, and everything between them is real MQTT.
 *
 * card placed → bridge → hub issues a ticket bound to that identity → print job → the emulated
 * printer's output; paper end reaches the device registry within 2 s; a pty closed and reopened
 * and a hub restart are survived without restarting the bridge; the last will marks a killed
 * bridge offline; no test ID number appears in clear in any data dir, log or MQTT payload.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_CARDS } from '@callboard/firmware-bridge';
import { IdCardEmulator } from '@callboard/firmware-bridge/emulators/idcard-sam/emulator';
import { type PrinterEmulator as Printer, PrinterEmulator } from '@callboard/firmware-bridge/emulators/printer-escpos/emulator';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { ScannerEmulator } from '@callboard/firmware-bridge/emulators/scanner/emulator';
import { createLogger, setLogSink } from '@callboard/firmware-bridge/log';
import { type DeviceView, HubClient, type KioskMessage } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubProcess, REPO, spawnHub, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const BRIDGE_BIN = path.join(REPO, 'firmware-bridge/bin/callboard-bridge.mjs');
const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';

const card = (label: string) => {
  const c = TEST_CARDS.find((t) => t.label === label);
  if (!c) throw new Error(`no test card ${label}`);
  return c.card;
};

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `spawnHub` on fixed ports, for a restart on the same ports (the shared helper picks fresh ports
 * and polls those, so it cannot wait for a hub told to use others).
 */
/** A LAN address for the tickets' QR codes (a localhost one is never printed: docs/security.md). */
const PUBLIC_URL = 'http://192.0.2.10:8080';

async function spawnHubAt(dataDir: string, ports: { PORT: string; MQTT_PORT: string }): Promise<HubProcess> {
  const configFile = path.join(dataDir, 'callboard.config.json');
  let out = '';
  const child = spawn(process.execPath, [path.join(REPO, 'hub/bin/callboard.mjs'), 'start', '--config', configFile], {
    env: { ...process.env, ...ports, HOST: '127.0.0.1', LOG_LEVEL: 'debug', LOG_FORMAT: 'json', PUBLIC_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${ports.PORT}`;
  await until(
    'restarted hub healthy',
    async () => {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${out}`);
      return (await fetch(`${baseUrl}/api/v1/health`)).ok;
    },
    30_000,
  );
  return {
    child,
    baseUrl,
    mqttPort: Number(ports.MQTT_PORT),
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe.skipIf(!socat)('firmware-bridge through real ptys and MQTT', () => {
  const work = tempDir('cb-bridge-');
  const hubDir = path.join(work, 'hub');
  const ptyDir = path.join(work, 'pty');
  const printerDir = path.join(work, 'printer');
  const logFile = path.join(work, 'logs.txt');
  let hub: HubProcess;
  let hubPorts: { PORT: string; MQTT_PORT: string };
  const hubLogs: string[] = [];
  let staff: HubClient;
  let bridge: ChildProcess;
  let bridgeOut = '';
  const pairs: Record<string, PtyPair> = {};
  let reader: IdCardEmulator;
  let printer: Printer;
  let scanner: ScannerEmulator;
  let kiosk: MqttClient;
  let screen: MqttClient;
  const kioskMessages: KioskMessage[] = [];
  const mqttPayloads: string[] = [];

  const device = async (id = 'bridge-1') => staff.request<DeviceView>('GET', `/devices/${id}`);
  const nextKioskMessage = (pred: (m: KioskMessage) => boolean, ms = 10_000) => {
    const from = kioskMessages.length;
    return until(`kiosk message`, () => kioskMessages.slice(from).find(pred), ms);
  };
  const cardResult = (ms?: number) => nextKioskMessage((m) => m.type === 'card-result', ms);

  beforeAll(async () => {
    mkdirSync(hubDir, { recursive: true });
    mkdirSync(ptyDir, { recursive: true });
    setLogSink((line) => appendFileSync(logFile, `${line}\n`));
    hub = await spawnHub({ dataDir: hubDir, env: { LOG_LEVEL: 'debug', PUBLIC_URL } });
    hubPorts = { PORT: new URL(hub.baseUrl).port, MQTT_PORT: String(hub.mqttPort) };
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');

    for (const id of ['reader', 'scanner', 'printer'])
      pairs[id] = await openPtyPair(path.join(ptyDir, id), path.join(ptyDir, `${id}.emu`), socat as string);
    const log = createLogger('test-emu');
    reader = new IdCardEmulator({ path: path.join(ptyDir, 'reader.emu'), log: log.child('reader') });
    printer = new PrinterEmulator({ path: path.join(ptyDir, 'printer.emu'), dataDir: printerDir, log: log.child('printer') });
    scanner = new ScannerEmulator({
      path: path.join(ptyDir, 'scanner.emu'),
      terminator: 'CR',
      aimPrefix: true,
      encoding: 'utf8',
      log: log.child('scanner'),
    });
    for (const e of [reader, printer, scanner]) e.start();

    // The bridge learns the site id from the hub (no siteId in the file).
    const configFile = path.join(work, 'bridge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        deviceId: 'bridge-1',
        token: 'demo-bridge-1-token-0001',
        hubUrl: hub.baseUrl,
        mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
        kioskId: 'kiosk-1',
        defaultServiceId: 'A',
        peripherals: [
          { id: 'reader', kind: 'idcard-sam', port: path.join(ptyDir, 'reader'), pollMs: 150 },
          { id: 'scanner', kind: 'scanner', port: path.join(ptyDir, 'scanner'), aimPrefix: true },
          { id: 'printer', kind: 'printer-escpos', port: path.join(ptyDir, 'printer'), pollMs: 300 },
        ],
      }),
    );
    bridge = spawn(process.execPath, [BRIDGE_BIN, '--config', configFile], {
      env: { ...process.env, LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bridge.stdout?.on('data', (d) => (bridgeOut += d));
    bridge.stderr?.on('data', (d) => (bridgeOut += d));

    const mqttUrl = `mqtt://127.0.0.1:${hub.mqttPort}`;
    kiosk = mqtt.connect(mqttUrl, { protocolVersion: 4, username: 'kiosk-1', password: KIOSK_TOKEN, reconnectPeriod: 200 });
    kiosk.on('message', (_t, payload) => {
      mqttPayloads.push(payload.toString());
      kioskMessages.push(JSON.parse(payload.toString()) as KioskMessage);
    });
    await until('kiosk MQTT', () => kiosk.connected);
    await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands', { qos: 1 });
    // What every screen sees: the payloads are scanned for identities at the end.
    screen = mqtt.connect(mqttUrl, { protocolVersion: 4, reconnectPeriod: 200 });
    screen.on('message', (_t, payload) => mqttPayloads.push(payload.toString()));
    await until('screen MQTT', () => screen.connected);
    await screen.subscribeAsync(['callboard/demo/board', 'callboard/demo/calls', 'callboard/demo/counters/+']);

    await until(
      'bridge-1 online with a ready printer',
      async () => {
        const d = await device();
        return d.state === 'online' && d.printer?.condition === 'ok' && d.peripherals.every((p) => p.connected);
      },
      20_000,
    );
  });

  afterAll(async () => {
    kiosk?.end(true);
    screen?.end(true);
    if (bridge && bridge.exitCode === null && bridge.signalCode === null) bridge.kill('SIGKILL');
    await Promise.all([reader, printer, scanner].map((e) => e?.stop()));
    await Promise.all(Object.values(pairs).map((p) => p.close()));
    await hub?.stop();
    setLogSink((line) => process.stderr.write(`${line}\n`));
  });

  it('reports its peripherals in the device registry', async () => {
    const d = await device();
    expect(d).toMatchObject({ id: 'bridge-1', kind: 'bridge', state: 'online', kioskId: 'kiosk-1' });
    expect(d.peripherals.map((p) => [p.id, p.kind, p.connected])).toEqual([
      ['reader', 'idcard-sam', true],
      ['scanner', 'scanner', true],
      ['printer', 'printer-escpos', true],
    ]);
    expect(d.printer).toEqual({ condition: 'ok', paper: 'ok', coverOpen: false, online: true, error: false });
    const all = await staff.request<{ devices: DeviceView[] }>('GET', '/devices');
    // Devices that never published a status are neither online nor offline.
    expect(all.devices.find((x) => x.id === 'board-1')?.state).toBe('unknown');
    // Staff only: an anonymous caller gets 401.
    await expect(new HubClient({ baseUrl: hub.baseUrl }).request('GET', '/devices')).rejects.toMatchObject({ status: 401 });
  });

  let first: { id: string; number: string; trackUrl: string };

  it('turns a card placed on the reader into a ticket bound to that identity, once', async () => {
    const zhang = card('zhang-san');
    const resultP = cardResult();
    reader.place('zhang-san');
    const result = await resultP;
    expect(result).toMatchObject({ type: 'card-result', ok: true, existing: false, printing: true });
    if (result.type !== 'card-result' || !result.ticket) throw new Error('no ticket');
    first = result.ticket;
    expect(result.ticket.number).toMatch(/^A\d{3}$/);
    expect(result.identityMasked).toBe(`${zhang.idNumber.slice(0, 3)}***********${zhang.idNumber.slice(-4)}`);
    expect(result.serviceName).toEqual({ zh: '综合业务', en: 'General services' });

    // The hub stored the identity (masked), and a source of kiosk.
    const t = await staff.ticket(result.ticket.id);
    expect(t).toMatchObject({
      status: 'waiting',
      source: 'kiosk',
      identityKind: 'id-card',
      identityMasked: result.identityMasked,
    });
    // …and it is really this person's identity: issuing for the same ID number is refused with this ticket.
    const dup = await new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' })
      .issueTicket({ serviceId: 'A', identity: { kind: 'id-card', value: zhang.idNumber } })
      .catch((e) => e);
    expect(dup).toMatchObject({ status: 409, code: 'ALREADY_WAITING' });
    expect((dup.details as { ticket: { number: string } }).ticket.number).toBe(result.ticket.number);

    // The card stays on the reader (polled every 150 ms): no second ticket, no second result.
    const before = kioskMessages.filter((m) => m.type === 'card-result').length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(kioskMessages.filter((m) => m.type === 'card-result').length).toBe(before);
  });

  it('prints the ticket: number, GB18030 service name, QR of the tracking URL, then a cut', async () => {
    const ticket = await until('printed ticket', () => printer.tickets.find((t) => t.text.includes(first.number)));
    const txt = readFileSync(ticket.files.txt, 'utf8');
    expect(txt).toContain(first.number);
    expect(txt).toContain('综合业务');
    expect(txt).toContain(`[QR] ${first.trackUrl}`);
    expect(txt.trimEnd().endsWith('[CUT]')).toBe(true);
    expect(readFileSync(ticket.files.svg, 'utf8')).toMatch(/^<svg[\s\S]*综合业务[\s\S]*<\/svg>\n$/);

    const raw = readFileSync(ticket.files.bin);
    // Chinese travels as GB18030 bytes inside FS & … FS . (never as UTF-8); decoded here with
    // Node's own ICU decoder, not the iconv-lite that encoded them.
    const chinese: string[] = [];
    for (let i = raw.indexOf(Buffer.from([0x1c, 0x26])); i >= 0; i = raw.indexOf(Buffer.from([0x1c, 0x26]), i + 1)) {
      const end = raw.indexOf(Buffer.from([0x1c, 0x2e]), i);
      chinese.push(new TextDecoder('gb18030', { fatal: true }).decode(raw.subarray(i + 2, end)));
    }
    expect(chinese).toContain('综合业务');
    expect(raw.includes(Buffer.from('综合业务', 'utf8'))).toBe(false);
    // The QR store command carries exactly the tracking URL.
    const url = Buffer.from(first.trackUrl, 'ascii');
    const len = url.length + 3;
    const store = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), url]);
    expect(raw.includes(store)).toBe(true);
    expect([...raw.subarray(-3)]).toEqual([0x1d, 0x56, 0x00]); // ends with a full cut

    const d = await until('print result', async () => {
      const v = await device();
      return v.lastPrint?.ok ? v : undefined;
    });
    expect(d.lastPrint).toMatchObject({ ok: true });
  });

  it('looks up the existing ticket when the same card is lifted and tapped again, and reprints it', async () => {
    reader.lift();
    await new Promise((r) => setTimeout(r, 1700)); // past the reader's bounce window
    const resultP = cardResult();
    reader.place('zhang-san');
    const result = await resultP;
    expect(result).toMatchObject({ ok: true, existing: true });
    if (result.type !== 'card-result') throw new Error('unexpected');
    expect(result.ticket?.number).toBe(first.number);
    const reprint = await until('reprint', () => printer.tickets.filter((t) => t.text.includes(first.number))[1]);
    expect(reprint.text).toContain('补打 Reprint');
    reader.lift();
  });

  it('refuses a card whose number fails its check digit, without a ticket', async () => {
    const resultP = cardResult();
    reader.place('bad-check-digit');
    const result = await resultP;
    expect(result).toMatchObject({ ok: false, error: { code: 'CARD_INVALID_ID' } });
    reader.lift();
  });

  it('shows paper_end in the device registry within 2 s, and refuses to print without paper', async () => {
    const t0 = Date.now();
    printer.setPaper('end');
    const d = await until(
      'paper_end',
      async () => {
        const v = await device();
        return v.printer?.condition === 'paper_end' ? v : undefined;
      },
      2000,
    );
    const elapsed = Date.now() - t0;
    expect(d.printer).toMatchObject({ condition: 'paper_end', paper: 'end', online: true });
    expect(elapsed).toBeLessThan(2000);

    // A tap now still issues the ticket (shown on the kiosk), but the print job fails with a reason.
    await new Promise((r) => setTimeout(r, 1700));
    const resultP = cardResult();
    const printP = nextKioskMessage((m) => m.type === 'print-result');
    reader.place('li-si');
    const result = await resultP;
    expect(result).toMatchObject({ ok: true, existing: false, printing: false });
    expect(await printP).toMatchObject({ ok: false, reason: 'printer out of paper' });
    reader.lift();

    printer.setPaper('near_end');
    await until('paper_near_end', async () => (await device()).printer?.condition === 'paper_near_end', 2000);
    printer.setPaper('ok');
    await until('paper ok', async () => (await device()).printer?.condition === 'ok', 2000);
  });

  it('prints a ticket the kiosk page issued over REST at its bridge', async () => {
    const kioskApi = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK_TOKEN });
    const t = await kioskApi.issueTicket({ serviceId: 'B' });
    const sent = await kioskApi.request<{ jobId: string; bridgeId: string }>('POST', '/devices/kiosk-1/print-ticket', {
      ticketId: t.id,
    });
    expect(sent.bridgeId).toBe('bridge-1');
    const printed = await until('REST ticket printed', () => printer.tickets.find((p) => p.text.includes(t.number)));
    expect(printed.text).toContain('社保医保');
    // Another kiosk's token may not print here.
    const other = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
    await expect(other.request('POST', '/devices/kiosk-1/print-ticket', { ticketId: t.id })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('reconnects to a serial port that disappeared and came back, without a restart', async () => {
    const pid = bridge.pid;
    await (pairs.reader as PtyPair).close();
    await until(
      'reader disconnected',
      async () => (await device()).peripherals.find((p) => p.id === 'reader')?.connected === false,
    );
    pairs.reader = await openPtyPair(path.join(ptyDir, 'reader'), path.join(ptyDir, 'reader.emu'), socat as string);
    await until(
      'reader reconnected',
      async () => (await device()).peripherals.find((p) => p.id === 'reader')?.connected === true,
    );
    const resultP = cardResult(15_000);
    reader.place('chan-tai-man');
    const result = await resultP;
    expect(result).toMatchObject({ ok: true, existing: false });
    reader.lift();
    expect(bridge.pid).toBe(pid);
    expect(bridge.exitCode).toBeNull();
    expect(bridgeOut).toMatch(/serial port lost; reopening/);
  });

  it('survives a hub restart: reconnects with backoff, republishes its status, and cards still work', async () => {
    hubLogs.push(hub.output());
    await hub.stop();
    await until('bridge noticed', () => /lost the hub; reconnecting/.test(bridgeOut));
    hub = await spawnHubAt(hubDir, hubPorts);
    staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    await until('bridge online again', async () => (await device()).state === 'online', 20_000);
    await until('kiosk MQTT back', () => kiosk.connected);
    await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands', { qos: 1 });
    await new Promise((r) => setTimeout(r, 1700));
    const resultP = cardResult(15_000);
    reader.place('zhang-san');
    const result = await resultP;
    // The ticket from before the restart is still this visitor's.
    expect(result).toMatchObject({ ok: true, existing: true });
    if (result.type === 'card-result') expect(result.ticket?.number).toBe(first.number);
    reader.lift();
  });

  it('is marked offline by its last will when killed', async () => {
    bridge.kill('SIGKILL');
    await until('bridge offline', async () => (await device()).state === 'offline', 5000);
    const d = await device();
    expect(d.printer?.condition).toBe('offline');
  });

  it('leaves no test ID number in clear in any data dir, log or MQTT payload', async () => {
    hubLogs.push(hub.output());
    writeFileSync(path.join(work, 'hub-logs.txt'), hubLogs.join('\n'));
    writeFileSync(path.join(work, 'bridge-logs.txt'), bridgeOut);
    writeFileSync(path.join(work, 'mqtt-payloads.txt'), mqttPayloads.join('\n'));
    const files = [
      ...filesUnder(hubDir),
      ...filesUnder(printerDir),
      logFile,
      ...['hub', 'bridge'].map((n) => path.join(work, `${n}-logs.txt`)),
    ];
    files.push(path.join(work, 'mqtt-payloads.txt'));
    // The scan must be able to fail: the logs did record the card reads (by kind), and a planted number is found.
    expect(bridgeOut).toMatch(/card read kind=resident/);
    const control = path.join(work, 'control.txt');
    const numbers = TEST_CARDS.map((c) => c.card.idNumber);
    writeFileSync(control, `planted ${numbers[0]}`);
    const find = (list: string[]) =>
      list.flatMap((f) => {
        if (!statSync(f).isFile()) return [];
        const text = readFileSync(f).toString('latin1') + readFileSync(f, 'utf8');
        return numbers.filter((n) => text.includes(n)).map((n) => `${path.relative(work, f)}: ${n.slice(0, 3)}…`);
      });
    expect(find([control])).toHaveLength(1);
    expect(files.length).toBeGreaterThan(8);
    expect(find(files)).toEqual([]);
  });
});
