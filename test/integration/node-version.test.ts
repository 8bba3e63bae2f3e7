/**
 * An unsupported Node is named, not crashed on: `npm start`, the hub CLI and the bridge CLI check
 * the running Node first (hub/bin/node-check.mjs) and say which version is needed and where to get
 * it. The old Node is simulated by overriding process.versions.node before the entry point loads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/hub';

const ENTRY_POINTS = {
  'npm start': ['scripts/start-demo.mjs'],
  'hub CLI': ['hub/bin/callboard.mjs', 'version'],
  'bridge CLI': ['firmware-bridge/bin/callboard-bridge.mjs', '--help'],
};

function runAs(nodeVersion: string, args: string[]) {
  const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(nodeVersion)}})`;
  const r = spawnSync(process.execPath, ['--import', fake, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, CALLBOARD_NO_BRIDGE: '1' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Node version check at every entry point', () => {
  it('the required version is the one in package.json "engines"', () => {
    const engines = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).engines.node as string;
    const check = readFileSync(path.join(REPO, 'hub/bin/node-check.mjs'), 'utf8');
    const required = /REQUIRED_NODE = '([\d.]+)'/.exec(check)?.[1];
    expect(`>=${required}`).toBe(`${engines}.0`);
  });

  for (const [name, args] of Object.entries(ENTRY_POINTS)) {
    it(`${name} on Debian 12's Node 18.19 stops at once, naming the version needed and where to get it`, () => {
      const r = runAs('18.19.0', args);
      expect(r.code).toBe(1);
      expect(r.out).toContain('Callboard needs Node.js 20.19.0 or later');
      expect(r.out).toContain('this is Node.js 18.19.0');
      expect(r.out).toContain('Callboard package');
      expect(r.out).toContain('https://nodejs.org/en/download');
      expect(r.out).not.toMatch(/SyntaxError|building|hub exited/);
    });
  }

  it('an older Node 20 (20.18) is refused too; 20.19 and newer run', () => {
    expect(runAs('20.18.1', ENTRY_POINTS['hub CLI']).out).toContain('this is Node.js 20.18.1');
    for (const ok of ['20.19.0', '24.1.0']) {
      const r = runAs(ok, ENTRY_POINTS['hub CLI']);
      expect(r.out, ok).not.toContain('Callboard needs');
      expect(r.code, ok).toBe(0);
    }
    const bridge = runAs('20.19.0', ENTRY_POINTS['bridge CLI']);
    expect(bridge.out).not.toContain('Callboard needs');
  });
});
