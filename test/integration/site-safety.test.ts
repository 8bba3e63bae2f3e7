/**
 * What a site's box must not leak or get silently wrong:
 * - a backup never holds the identity key beside the identity hashes (with both, an ID number's
 *   hash is reversible by enumeration);
 * - the data dir is the hub user's alone (0700, files 0600);
 * - an unset public URL is said loudly (check-config, the supervisor's floor) and no ticket is
 *   printed with a QR code pointing at localhost.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../hub/src/store';
import { DEMO_CONFIG, REPO, startTestHub, tempDir } from '../support/hub';

const run = promisify(execFile);
const KIOSK = { authorization: 'Bearer demo-kiosk-1-token-0001' };

describe('backups and the data dir', () => {
  it('a backup holds no identity key, and the data files are 0600 in a 0700 dir', async () => {
    const dataDir = tempDir('cb-safety-');
    const hub = await startTestHub({ dataDir });
    const issued = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: KIOSK,
      payload: { serviceId: 'A', identity: { kind: 'id-card', value: '11010519491231002X' } },
    });
    expect(issued.statusCode).toBe(201);
    await hub.close();

    const key = readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim();
    const file = path.join(tempDir('cb-safety-backup-'), 'site.cbk');
    await createBackup(dataDir, file, 'test', Date.now());
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const names = (JSON.parse(text) as { files: { name: string }[] }).files.map((f) => f.name);
    expect(names).toContain('tickets.db');
    expect(names).not.toContain('secret.key');
    expect(text).not.toContain(key);
    expect(text).toMatch(/"hmac/); // the hashes are there; the key to them is not

    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dataDir)) {
      const st = statSync(path.join(dataDir, name));
      if (st.isFile()) expect(st.mode & 0o777, name).toBe(0o600);
    }
  });
});

describe('an unset public URL', () => {
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  beforeAll(async () => {
    hub = await startTestHub(); // the demo configuration sets no site.publicUrl
  });
  afterAll(async () => hub?.close());

  it('check-config says so and suggests a LAN address; the supervisor sees it on the floor', async () => {
    const out = await run(process.execPath, [path.join(REPO, 'hub/bin/callboard.mjs'), 'check-config', '--config', DEMO_CONFIG]);
    expect(out.stdout).toMatch(/OK/);
    expect(out.stderr).toMatch(/WARNING: site\.publicUrl is http:\/\/localhost/);
    const login = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'supervisor', password: 'callboard-demo' },
    });
    const floor = await hub.app.inject({
      url: '/api/v1/floor',
      headers: { cookie: String(login.headers['set-cookie']).split(';')[0] as string },
    });
    expect(floor.json().alerts).toContainEqual(expect.objectContaining({ kind: 'public_url_unset', severity: 'critical' }));
  });

  it('prints the ticket without a QR code pointing at localhost, and alerts the supervisor', async () => {
    const bridge = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      username: 'bridge-1',
      password: 'demo-bridge-1-token-0001',
      clientId: 'callboard-bridge-bridge-1',
    });
    try {
      const jobs: { type: string; job?: { blocks: { t: string }[] } }[] = [];
      bridge.on('message', (_t, p) => jobs.push(JSON.parse(p.toString())));
      await bridge.subscribeAsync(topics.deviceCommands('demo', 'bridge-1'), { qos: 1 });
      await bridge.publishAsync(
        topics.deviceStatus('demo', 'bridge-1'),
        JSON.stringify({
          v: 1,
          state: 'online',
          at: Date.now(),
          detail: {
            version: 'test',
            kioskId: 'kiosk-1',
            peripherals: [
              {
                id: 'printer',
                kind: 'printer-escpos',
                connected: true,
                port: '/dev/ttyUSB0',
                printer: { online: true, condition: 'ok', paper: 'ok', coverOpen: false, error: false },
              },
            ],
          },
        }),
        { qos: 1, retain: true },
      );
      await new Promise((r) => setTimeout(r, 200));
      const ticket = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: KIOSK,
        payload: { serviceId: 'A' },
      });
      expect(ticket.json().trackUrl).toMatch(/^http:\/\/localhost/);
      const print = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/devices/kiosk-1/print-ticket',
        headers: KIOSK,
        payload: { ticketId: ticket.json().id },
      });
      expect(print.statusCode).toBe(202);
      const deadline = Date.now() + 5000;
      while (!jobs.some((j) => j.type === 'print') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const job = jobs.find((j) => j.type === 'print')?.job;
      expect(job?.blocks.length).toBeGreaterThan(3);
      expect(job?.blocks.filter((b) => b.t === 'qr')).toEqual([]);
      expect(JSON.stringify(job)).toContain(ticket.json().number);
      const login = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'supervisor', password: 'callboard-demo' },
      });
      const floor = await hub.app.inject({
        url: '/api/v1/floor',
        headers: { cookie: String(login.headers['set-cookie']).split(';')[0] as string },
      });
      expect(floor.json().alerts).toContainEqual(expect.objectContaining({ kind: 'print_localhost', subject: 'bridge-1' }));
    } finally {
      await bridge.endAsync(true);
    }
  });
});
