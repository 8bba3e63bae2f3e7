/**
 * TLS: a kiosk-side client issues a ticket over HTTPS (pinning the hub's self-signed
 * certificate) and a screen-side MQTT client hears the call over WSS and MQTTS.
 * Multi-site: two hubs mirror their boards to one Mosquitto; head office sees both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { type CallMessage, HubClient, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { type Hub, startTestHub, tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { fetchTrusting } from '../support/tls-fetch';
import { toolOrSkip } from '../support/tools';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function nextMessage(client: mqtt.MqttClient, topic: string, match: (body: any) => boolean, ms = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching message on ${topic} in ${ms} ms`)), ms);
    client.on('message', (t, payload) => {
      if (t !== topic) return;
      const body = JSON.parse(payload.toString());
      if (match(body)) {
        clearTimeout(timer);
        resolve(body);
      }
    });
  });
}

const openssl = toolOrSkip('openssl', 'openssl');

describe.skipIf(!openssl)('TLS', () => {
  it('issues over HTTPS and announces over WSS and MQTTS with a pinned self-signed certificate', async () => {
    const hub = await startTestHub({ patch: (raw) => (raw.tls = { selfSigned: true, mqttPort: 0, redirectHttpPort: 0 }) });
    cleanups.push(() => hub.close());
    expect(hub.tls?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const ca = hub.tls?.cert as Buffer;
    const base = `https://127.0.0.1:${hub.httpPort}`; // an address in the certificate's SAN
    // The optional plain-HTTP port only redirects to the HTTPS site.
    const redirected = await fetch(`http://127.0.0.1:${hub.httpsRedirectPort}/kiosk/?device=k`, { redirect: 'manual' });
    expect(redirected.status).toBe(301);
    expect(hub.config.site.publicUrl).toMatch(/^https:\/\//);
    expect(redirected.headers.get('location')).toBe(`${hub.config.site.publicUrl}/kiosk/?device=k`);
    // Plain HTTP on the TLS port is not served.
    await expect(fetch(`http://127.0.0.1:${hub.httpPort}/api/v1/health`)).rejects.toThrow();
    // An unpinned client refuses the self-signed certificate.
    await expect(fetch(`${base}/api/v1/health`)).rejects.toThrow();

    const kiosk = new HubClient({ baseUrl: base, fetch: fetchTrusting(ca) });
    const screens = [
      mqtt.connect(`wss://127.0.0.1:${hub.httpPort}/mqtt`, { protocolVersion: 4, ca, connectTimeout: 10_000 }),
      mqtt.connect(`mqtts://127.0.0.1:${hub.mqttTlsPort}`, { protocolVersion: 4, ca, connectTimeout: 10_000 }),
    ];
    for (const s of screens) {
      cleanups.push(() => s.endAsync(true));
      // Both connect at once: the second may be connected before we get to listen for it.
      if (!s.connected)
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('error', reject);
        });
      await s.subscribeAsync(topics.calls('demo'));
    }
    const t = await kiosk.issueTicket({ serviceId: 'A' });
    expect(t.trackUrl).toMatch(/^https:\/\//);
    const clerk = new HubClient({ baseUrl: base, fetch: fetchTrusting(ca) });
    await clerk.login('clerk1', 'callboard-demo');
    const heard = screens.map((s) => nextMessage(s, topics.calls('demo'), (c: CallMessage) => c.number === t.number));
    await clerk.callNext('1');
    for (const call of await Promise.all(heard)) expect(call).toMatchObject({ number: t.number, counterId: '1' });
  });
});

const mosquitto = toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto']);

describe.skipIf(!mosquitto)('multi-site uplink', () => {
  let central: ChildProcess;
  it('head office subscribed to callboard/+/board sees both sites', async () => {
    const port = await freePort();
    const conf = path.join(tempDir('cb-central-'), 'mosquitto.conf');
    writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    central = spawn(mosquitto as string, ['-c', conf], { stdio: 'ignore' });
    cleanups.push(() => central.kill('SIGTERM'));
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const sites: (Hub & { baseUrl: string })[] = [];
    for (const id of ['hall-north', 'hall-south']) {
      const hub = await startTestHub({
        env: { SITE_ID: id },
        patch: (raw) => (raw.uplink = { url: `mqtt://127.0.0.1:${port}` }),
      });
      cleanups.push(() => hub.close());
      sites.push(hub);
    }
    const office = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4 });
    cleanups.push(() => office.endAsync(true));
    await new Promise<void>((resolve) => office.once('connect', () => resolve()));
    const seen = new Map<string, any>();
    office.on('message', (topic, payload) => {
      if (topic.endsWith('/board')) seen.set(topic, JSON.parse(payload.toString()));
    });
    await office.subscribeAsync('callboard/+/board');
    // A ticket at the north hall shows up in its board at head office.
    await new HubClient({ baseUrl: sites[0]?.baseUrl as string }).issueTicket({ serviceId: 'B' });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && seen.get('callboard/hall-north/board')?.services?.[1]?.waiting !== 1)
      await new Promise((r) => setTimeout(r, 50));
    expect([...seen.keys()].sort()).toEqual(['callboard/hall-north/board', 'callboard/hall-south/board']);
    expect(seen.get('callboard/hall-north/board')).toMatchObject({
      siteId: 'hall-north',
      services: [{ id: 'A' }, { id: 'B', waiting: 1 }, { id: 'C' }],
    });
    expect(seen.get('callboard/hall-south/board').siteId).toBe('hall-south');
    // and each site's status is retained there
    const status = await new Promise<any>((resolve) => {
      office.on('message', (t, p) => t === 'callboard/hall-south/site-status' && resolve(JSON.parse(p.toString())));
      void office.subscribeAsync('callboard/hall-south/site-status');
    });
    expect(status.state).toBe('online');
  });
});
