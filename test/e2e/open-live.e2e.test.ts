/**
 * `openLive` (the start-up every app uses) against a real hub, in Node: it waits for a hub that
 * is not up yet, connects and gets the retained board, survives a hub restart on the same
 * ports and data dir, and delivers nothing after it was closed.
 */
import { type BoardSnapshot, HubClient, LiveClient, type LiveEvent, openLive } from '@callboard/hub/client';
import { afterAll, expect, it } from 'vitest';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';
import { freePort } from '../support/ports';

let hub: TestHub | undefined;
afterAll(async () => {
  await hub?.close();
});

function until<T>(events: LiveEvent[], pick: (e: LiveEvent) => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise<T>((resolve, reject) => {
    const check = () => {
      for (const e of events) {
        const v = pick(e);
        if (v !== undefined) return resolve(v);
      }
      if (Date.now() > deadline) return reject(new Error(`not within ${ms} ms; events: ${events.map((e) => e.kind).join(',')}`));
      setTimeout(check, 20);
    };
    check();
  });
}

it('waits for the hub, follows it through a restart, and stops when closed', async () => {
  const port = await freePort();
  const mqttPort = await freePort();
  const events: LiveEvent[] = [];
  const close = openLive({
    hub: new HubClient({ baseUrl: `http://127.0.0.1:${port}` }),
    url: `ws://127.0.0.1:${port}/mqtt`,
    subscribe: { board: true, calls: true },
    onEvent: (e) => events.push(e),
    retryMs: 200,
    maxRetryMs: 1000,
  });

  // Nothing listens yet: openLive keeps asking. Then the hub comes up.
  await new Promise((r) => setTimeout(r, 800));
  expect(events).toEqual([]);
  hub = await startTestHub({ dataDir: tempDir(), env: { PORT: String(port), MQTT_PORT: String(mqttPort) } });
  const firstBoard = await until(events, (e) => (e.kind === 'board' ? e.board : undefined), 5000);
  expect(firstBoard.siteId).toBe('demo');

  const staff = new HubClient({ baseUrl: hub.baseUrl });
  await staff.login('supervisor', 'callboard-demo');
  await staff.openCounter('1');
  await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
  const called = await staff.callNext('1');
  await until(events, (e) => (e.kind === 'call' && e.call.number === called.number ? e : undefined), 5000);

  // Restart on the same ports and data dir: a disconnect, then the board again by itself.
  events.length = 0;
  await hub.close();
  await until(events, (e) => (e.kind === 'connection' && !e.connected ? e : undefined), 5000);
  await new Promise((r) => setTimeout(r, 1500));
  hub = await startTestHubAgain(hub);
  const upAt = Date.now();
  const board = await until<BoardSnapshot>(
    events,
    (e) => (e.kind === 'board' && e.board.calls[0]?.number === called.number ? e.board : undefined),
    5000,
  );
  expect(board.calls[0]?.counterId).toBe('1');
  const reconnectedIn = Date.now() - upAt;
  expect(reconnectedIn).toBeLessThan(5000);
  // Subscriptions were renewed: a call after the restart arrives too.
  await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
  const next = await staff.callNext('1');
  await until(events, (e) => (e.kind === 'call' && e.call.number === next.number ? e : undefined), 5000);

  await close();
  events.length = 0;
  await new HubClient({ baseUrl: hub.baseUrl }).issueTicket({ serviceId: 'A' });
  await staff.callNext('1');
  await new Promise((r) => setTimeout(r, 500));
  expect(events).toEqual([]);
});

it('backs off between reconnect attempts, up to its bound', async () => {
  const deadPort = await freePort();
  const client = new LiveClient({
    url: `ws://127.0.0.1:${deadPort}/mqtt`,
    siteId: 'demo',
    reconnectPeriodMs: 100,
    reconnectMaxMs: 800,
  });
  client.mqtt.on('error', () => {}); // connection refused, over and over
  const attempts: number[] = [];
  const t0 = Date.now();
  client.mqtt.on('reconnect', () => attempts.push(Date.now() - t0));
  await new Promise((r) => setTimeout(r, 3200));
  await client.close();
  const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
  // 100, 200, 400, 800, 800, … ms (timers are not exact: allow some slack)
  expect(attempts[0]).toBeLessThan(300);
  for (const [i, expected] of [200, 400, 800].entries()) {
    expect(gaps[i], `gap ${i + 1}`).toBeGreaterThanOrEqual(expected * 0.9);
    expect(gaps[i], `gap ${i + 1}`).toBeLessThan(expected + 300);
  }
  for (const g of gaps.slice(3)) expect(g).toBeLessThan(1100);
});
