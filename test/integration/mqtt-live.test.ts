/**
 * "Issue a ticket → call it → every screen hears it", with real MQTT clients: MQTT.js over
 * TCP and over WebSocket (as a browser does), a third-party client (mosquitto_sub), device
 * tokens, and the ACL that keeps screens read-only.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { type BoardSnapshot, type CallMessage, HubClient, LiveClient, lineKey, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_BROKER, type Hub, startTestHub } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const run = promisify(execFile);
let hub: Hub & { baseUrl: string; wsUrl: string };
let clerk: HubClient;
const open: { close(): Promise<void> | void }[] = [];

function waitFor<T>(what: string, subscribe: (resolve: (v: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    subscribe((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

async function live(url: string, extra: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}): Promise<LiveClient> {
  const c = new LiveClient({ url, siteId: 'demo', reconnectPeriodMs: 200, ...extra });
  open.push(c);
  await waitFor<void>('mqtt connect', (ok) => c.mqtt.once('connect', () => ok()));
  return c;
}

beforeAll(async () => {
  hub = await startTestHub();
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
});
afterAll(async () => {
  for (const c of open) await c.close();
  await hub?.close();
});

describe('live updates', () => {
  it('delivers a call to a TCP subscriber and the retained board to a WebSocket subscriber', async () => {
    const tcp = await live(`mqtt://127.0.0.1:${hub.mqttPort}`);
    await tcp.subscribe({ calls: true });
    const callP = waitFor<CallMessage>('call', (ok) => tcp.on((e) => e.kind === 'call' && ok(e.call)));

    const t = await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
    const called = await clerk.callNext('1');
    expect(called.id).toBe(t.id);
    const call = await callP;
    expect(call).toMatchObject({ v: 1, number: t.number, counterId: '1', counterName: { zh: '1号窗口' }, recall: false });

    // A screen that connects afterwards still gets the whole picture from the retained board.
    const ws = await live(hub.wsUrl);
    // The board is coalesced (≤ 10/s), so the snapshot with this call may follow a moment later.
    const boardP = waitFor<BoardSnapshot>('board with the call', (ok) =>
      ws.on((e) => e.kind === 'board' && e.board.calls[0]?.number === t.number && ok(e.board)),
    );
    await ws.subscribe({ board: true, counters: ['1'] });
    const board = await boardP;
    expect(board.calls[0]).toMatchObject({ number: t.number, counterId: '1' });
    expect(board.services.map((s) => s.id)).toEqual(['A', 'B', 'C']);
  });

  it('coalesces the board under a burst but always ends on the final state', async () => {
    const ws = await live(hub.wsUrl);
    const boards: BoardSnapshot[] = [];
    ws.on((e) => e.kind === 'board' && boards.push(e.board));
    await ws.subscribe({ board: true });
    // The retained board may already have arrived with the subscription.
    for (let i = 0; i < 100 && boards.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(boards.length, 'retained board').toBeGreaterThan(0);
    const before = boards.length;
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    await Promise.all(Array.from({ length: 50 }, () => anon.issueTicket({ serviceId: 'C' })));
    const expected = (await anon.queue()).services.find((s) => s.serviceId === 'C')?.waiting;
    await waitFor<void>('final board', (ok) => {
      const check = () => boards.at(-1)?.services.find((s) => s.id === 'C')?.waiting === expected && ok();
      check();
      ws.on(() => check());
    });
    // 50 issues in well under a second: far fewer than 50 board messages.
    expect(boards.length - before).toBeLessThan(20);
  });

  it('announces a recall as a recall', async () => {
    const tcp = await live(`mqtt://127.0.0.1:${hub.mqttPort}`);
    await tcp.subscribe({ calls: true });
    await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
    const called = await clerk.callNext('1');
    const recallP = waitFor<CallMessage>('recall', (ok) => tcp.on((e) => e.kind === 'call' && e.call.recall && ok(e.call)));
    await clerk.recall(called.id);
    expect(await recallP).toMatchObject({ number: called.number, recall: true, recallCount: 1 });
  });
});

describe("a service's line (what a visitor's phone follows)", () => {
  /** An anonymous WebSocket client following one service's line, as the tracking page does. */
  async function follow(serviceId: string) {
    const phone = await live(hub.wsUrl);
    const topicsSeen: string[] = [];
    phone.mqtt.on('message', (topic) => topicsSeen.push(topic));
    const lines: BoardSnapshot[] = [];
    phone.on((e) => e.kind === 'line' && lines.push(e.line));
    await phone.subscribe({ lines: [serviceId] });
    const until = (what: string, test: (l: BoardSnapshot) => boolean) =>
      waitFor<BoardSnapshot>(what, (ok) => {
        const check = () => {
          const l = lines.at(-1);
          if (l && test(l)) ok(l);
        };
        check();
        phone.on(() => check());
      });
    return { lines, topicsSeen, until };
  }

  it('sends a line only to its own service and only when it changed; a call of A sends the counter with its number', async () => {
    const a = await follow('A');
    const c = await follow('C');
    // The retained lines come with the subscriptions: one service each, no calls list, no notices.
    const first = await a.until('retained A line', () => true);
    expect(first.services.map((s) => s.id)).toEqual(['A']);
    expect(first.calls).toEqual([]);
    expect(first.notices).toEqual([]);
    const cWaiting = (await c.until('retained C line', () => true)).services[0]?.waiting ?? 0;

    // A ticket of C (no counter serves both A and C): C's line moves. A's phone may hear of a change
    // of its own line (its estimate), but never the same line again.
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    await anon.issueTicket({ serviceId: 'C' });
    await c.until("C's line with the new ticket", (l) => l.services[0]?.waiting === cWaiting + 1);
    await new Promise((r) => setTimeout(r, 400)); // well past the board's 100 ms coalescing
    const keys = a.lines.map(lineKey);
    for (let i = 1; i < keys.length; i++) expect(keys[i], `A's line ${i} sent again unchanged`).not.toBe(keys[i - 1]);

    const ticket = await anon.issueTicket({ serviceId: 'A' });
    const called = await clerk.callNext('1'); // counter 1 serves A only
    expect(called.id).toBe(ticket.id);
    const line = await a.until("A's line with the call", (l) =>
      (l.counters ?? []).some((c) => c.id === '1' && c.current?.number === ticket.number),
    );
    expect(line.services.map((s) => s.id)).toEqual(['A']);
    expect(line.counters?.every((c) => c.current?.serviceId === 'A')).toBe(true);
    expect(new Set(a.topicsSeen)).toEqual(new Set([topics.line('demo', 'A')]));
    expect(new Set(c.topicsSeen)).toEqual(new Set([topics.line('demo', 'C')]));
  });
});

describe('MQTT access control', () => {
  // The embedded broker refuses with SUBACK 0x80 and drops a forger; Mosquitto grants the filter and
  // delivers nothing, and drops the publish: its ACL is checked in external-broker.test.ts instead.
  const embeddedOnly = EXTERNAL_BROKER ? it.skip : it;

  embeddedOnly('refuses wildcard and foreign subscriptions to anonymous screens (embedded broker)', async () => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, { protocolVersion: 4 });
    open.push({ close: () => c.endAsync() });
    await waitFor<void>('connect', (ok) => c.once('connect', () => ok()));
    // MQTT.js rejects a subscription the broker refused (SUBACK 0x80).
    const outcome = async (filter: string) =>
      c.subscribeAsync(filter).then(
        (g) => `granted qos ${g[0]?.qos}`,
        (e: Error) => `refused: ${e.message}`,
      );
    for (const filter of ['callboard/#', '#', 'callboard/demo/devices/kiosk-1/commands', '$SYS/#', 'callboard/other-site/board'])
      expect(await outcome(filter), filter).toMatch(/^refused/);
    for (const filter of ['callboard/demo/board', 'callboard/+/calls', 'callboard/demo/counters/+', 'callboard/demo/lines/A'])
      expect(await outcome(filter), filter).toBe('granted qos 0');
    expect(c.connected).toBe(true); // a refused subscription does not cost the screen its connection
  });

  embeddedOnly('does not let a screen or a device forge a call (embedded broker)', async () => {
    const listener = await live(`mqtt://127.0.0.1:${hub.mqttPort}`);
    await listener.subscribe({ calls: true });
    const forged: CallMessage[] = [];
    listener.on((e) => e.kind === 'call' && e.call.number === 'Z999' && forged.push(e.call));
    const fake = JSON.stringify({ v: 1, number: 'Z999', counterId: '1', recall: false });
    const kiosk = { username: 'kiosk-1', password: 'demo-kiosk-1-token-0001' };
    const connect = async (auth: object = {}) => {
      const c = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, { protocolVersion: 4, reconnectPeriod: 0, ...auth });
      open.push({ close: () => c.endAsync(true) });
      await waitFor<void>('connect', (ok) => c.once('connect', () => ok()));
      return c;
    };
    // MQTT 3.1.1 cannot refuse one publish: the broker drops the forger's connection instead.
    for (const forger of [await connect(), await connect(kiosk)]) {
      const closed = waitFor<void>('forger disconnected', (ok) => forger.once('close', () => ok()));
      forger.publish(topics.calls('demo'), fake, { qos: 0 });
      await closed;
    }
    // A device may publish its own status; the hub sees it.
    const device = await connect(kiosk);
    const statusP = new Promise<string>((resolve) =>
      hub.bus.subscribe(topics.deviceStatus('demo', 'kiosk-1'), (_t, p) => resolve(p.toString())),
    );
    device.publish(topics.deviceStatus('demo', 'kiosk-1'), JSON.stringify({ v: 1, state: 'online' }), { qos: 0 });
    expect(JSON.parse(await statusP)).toMatchObject({ state: 'online' });
    // A real call published afterwards arrives; the forged ones never did.
    await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
    const realP = waitFor<CallMessage>('real call', (ok) => listener.on((e) => e.kind === 'call' && ok(e.call)));
    await clerk.callNext('1');
    await realP;
    expect(forged).toEqual([]);
  });

  it('refuses a device with a wrong token', async () => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      username: 'kiosk-1',
      password: 'wrong-token-wrong-token',
    });
    open.push({ close: () => c.endAsync(true) });
    const err = await waitFor<Error>('refusal', (ok) => c.once('error', ok));
    expect(err.message).toMatch(/Bad username or password|Not authorized/i);
  });
});

describe('third-party MQTT client', () => {
  const sub = toolOrSkip('mosquitto_sub', 'mosquitto-clients');
  it.skipIf(!sub)('mosquitto_sub prints the call on callboard/+/calls', async () => {
    const child = spawn(
      sub as string,
      ['-h', '127.0.0.1', '-p', String(hub.mqttPort), '-V', 'mqttv311', '-t', 'callboard/+/calls', '-v', '-C', '1', '-W', '10'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 500)); // let it subscribe
    await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'B' });
    const c3 = new HubClient({ baseUrl: hub.baseUrl });
    await c3.login('supervisor', 'callboard-demo');
    const called = await c3.callNext('3');
    expect(await exited).toBe(0);
    expect(out).toMatch(new RegExp(`^callboard/demo/calls \\{.*"number":"${called.number}".*"counterId":"3"`));
    // and the retained board is there for it too
    const { stdout } = await run(sub as string, [
      '-h',
      '127.0.0.1',
      '-p',
      String(hub.mqttPort),
      '-t',
      'callboard/demo/board',
      '-C',
      '1',
      '-W',
      '5',
    ]);
    expect(JSON.parse(stdout).siteId).toBe('demo');
  });
});

describe('shutdown', () => {
  it('closes promptly while MQTT clients are connected, and those clients see the connection end', async () => {
    const other = await startTestHub();
    const c = mqtt.connect(`mqtt://127.0.0.1:${other.mqttPort}`, { protocolVersion: 4, reconnectPeriod: 0 });
    await waitFor<void>('connect', (ok) => c.once('connect', () => ok()));
    const ended = waitFor<void>('client closed', (ok) => c.once('close', () => ok()));
    await other.close(); // hung forever before the broker was closed ahead of its listeners
    await ended;
  });
});
