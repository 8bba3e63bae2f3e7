/**
 * MQTT_URL mode: the hub publishes to an external Mosquitto (Debian's package) instead of its
 * embedded broker; screens subscribe to Mosquitto and hear calls and the retained board.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { type BoardSnapshot, type CallMessage, HubClient, LiveClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startTestHub, tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { toolOrSkip } from '../support/tools';

const mosquittoBin = toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto']);

describe.skipIf(!mosquittoBin)('external broker (mosquitto)', () => {
  let mosquitto: ChildProcess;
  let port: number;
  let hub: Hub & { baseUrl: string };
  let screen: LiveClient;

  beforeAll(async () => {
    port = await freePort();
    const dir = tempDir('cb-mosq-');
    const conf = path.join(dir, 'mosquitto.conf');
    writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    mosquitto = spawn(mosquittoBin as string, ['-c', conf], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    hub = await startTestHub({ env: { MQTT_URL: `mqtt://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await screen?.close();
    await hub?.close();
    mosquitto?.kill('SIGTERM');
  });

  it('reports the external broker in /health and opens no MQTT port of its own', async () => {
    const health = await new HubClient({ baseUrl: hub.baseUrl }).health();
    expect(health).toMatchObject({ broker: 'external', mqttConnected: true });
    expect(hub.mqttPort).toBeNull();
  });

  it('delivers calls and the retained board through mosquitto', async () => {
    screen = new LiveClient({ url: `mqtt://127.0.0.1:${port}`, siteId: 'demo' });
    const calls: CallMessage[] = [];
    const boards: BoardSnapshot[] = [];
    screen.on((e) => {
      if (e.kind === 'call') calls.push(e.call);
      if (e.kind === 'board') boards.push(e.board);
    });
    await new Promise<void>((r) => screen.mqtt.once('connect', () => r()));
    await screen.subscribe({ board: true, calls: true });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    const t = await anon.issueTicket({ serviceId: 'B' });
    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    await clerk.callNext('2');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !(calls.length > 0 && boards.at(-1)?.calls[0]?.number === t.number))
      await new Promise((r) => setTimeout(r, 50));
    expect(calls[0]).toMatchObject({ number: t.number, counterId: '2' });
    expect(boards.at(-1)?.calls[0]?.number).toBe(t.number);
  });
});
