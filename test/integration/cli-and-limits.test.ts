/** The `callboard` command's config check, and the ticket rate limit (429 with a code). */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, type Hub, REPO, startTestHub, tempDir, testConfigRaw } from '../support/hub';

const run = promisify(execFile);
const CLI = path.join(REPO, 'hub/bin/callboard.mjs');

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('callboard check-config', () => {
  it('accepts the demo configuration', async () => {
    const r = await cli('check-config', '--config', DEMO_CONFIG);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/OK — site demo, 3 services, 4 counters/);
  });

  it('explains every mistake with its place and exits 2', async () => {
    const file = path.join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify(
        testConfigRaw((raw) => {
          raw.services[1].prefix = 'A';
          raw.counters[0].services = ['A', 'Q'];
          raw.server.port = 1883;
        }),
      ),
    );
    const r = await cli('check-config', '--config', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('services.1.prefix: prefix "A" is already used by service "A"');
    expect(r.out).toContain('counter "1" names unknown service "Q"');
    expect(r.out).toContain('mqtt.port 1883 is the same as server.port');
  });

  it('refuses to start with a broken configuration: every error with its path and a hint, exit 2', async () => {
    const file = path.join(tempDir(), 'broken.json');
    writeFileSync(
      file,
      JSON.stringify(
        testConfigRaw((raw) => {
          raw.server.port = '8080';
          raw.services[0].colour = 'red';
          raw.counters[1].services = ['A', 'Z'];
        }),
      ),
    );
    const r = await cli('start', '--config', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('server.port must be integer — write an integer here, without quotes');
    expect(r.out).toContain(
      'services.0 must not have additional properties: unknown key(s) colour — remove it or check the spelling',
    );
  });

  it('reports a missing file and unknown commands clearly', async () => {
    expect((await cli('check-config', '--config', '/nonexistent.json')).out).toMatch(/cannot read the file/);
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/unknown command "frobnicate"/);
  });
});

describe('rate limit on ticket issue', () => {
  let hub: Hub & { baseUrl: string };
  afterAll(async () => hub?.close());

  it('answers 429 RATE_LIMITED past the per-client limit, and staff are not limited', async () => {
    hub = await startTestHub({ patch: (raw) => (raw.rateLimit = { ticketsPerMinutePerClient: 3 }) });
    const anon = new HubClient({ baseUrl: hub.baseUrl });
    for (let i = 0; i < 3; i++) await anon.issueTicket({ serviceId: 'A' });
    const err = await anon.issueTicket({ serviceId: 'A' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect({ status: (err as ApiError).status, code: (err as ApiError).code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    const staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    expect((await staff.issueTicket({ serviceId: 'A' })).number).toBe('A004');
  });
});
