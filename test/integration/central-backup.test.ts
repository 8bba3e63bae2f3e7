/**
 * The head-office console's own store in `callboard backup` / `callboard restore`: the central
 * instance (`callboard central`) keeps its sites, their closed days and audit records in
 * DATA_DIR/central-*.db; a backup taken while it runs, restored into an empty data dir, gives a
 * console that shows the same sites and days — with no broker to refill it (the restored
 * instance's central broker is unreachable, so everything shown comes from the restored files).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { centralKpis, centralSite, centralSites, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralNetwork } from '../support/central-network';
import { centralNetworkReady } from '../support/central-ready';
import { REPO, startTestHub, type TestHub, tempDir, testConfigRaw } from '../support/hub';

const run = promisify(execFile);
const CLI = path.join(REPO, 'hub/bin/callboard.mjs');
const DAYS = ['2026-11-26', '2026-11-27'];

/** A config file for the CLI: the central console's, on `dataDir`. */
function configFile(dataDir: string, central: object): string {
  const file = path.join(tempDir('cb-central-cfg-'), 'callboard.config.json');
  writeFileSync(
    file,
    JSON.stringify(
      testConfigRaw((raw) => {
        raw.dataDir = dataDir;
        raw.central = central;
      }),
    ),
  );
  return file;
}

describe.skipIf(!centralNetworkReady)('backup and restore of a central console', () => {
  let net: CentralNetwork;
  let restored: TestHub | null = null;

  beforeAll(async () => {
    net = await CentralNetwork.start({ sites: ['hall-north', 'hall-south'] });
  });
  afterAll(async () => {
    await restored?.close();
    await net?.close();
  });

  it('restores the sites and their days head office had received', async () => {
    const office = new HubClient({ baseUrl: net.central?.baseUrl as string });
    await office.login('supervisor', 'callboard-demo');
    for (const [i, id] of ['hall-north', 'hall-south'].entries()) for (const date of DAYS) await net.closeDay(id, date, 10 + i);
    const deadline = Date.now() + 30_000;
    for (const id of ['hall-north', 'hall-south'])
      while ((await centralSite(office, id).catch(() => null))?.days.length !== DAYS.length) {
        if (Date.now() > deadline) throw new Error(`${id}'s days did not reach head office`);
        await new Promise((r) => setTimeout(r, 150));
      }
    const before = await Promise.all(['hall-north', 'hall-south'].map((id) => centralSite(office, id)));

    // `callboard backup` while the console runs, `callboard restore` into an empty data dir.
    const central = net.central as TestHub;
    const settings = net.consoleSettings();
    const file = path.join(tempDir('cb-central-bak-'), 'central.cbk');
    const backup = await run(process.execPath, [CLI, 'backup', file, '--config', configFile(central.config.dataDir, settings)]);
    expect(backup.stdout).toMatch(/backup written to .*central\.cbk/);
    const restoredDir = tempDir('cb-central-restored-');
    const restore = await run(process.execPath, [
      CLI,
      'restore',
      file,
      '--config',
      configFile(restoredDir, { ...settings, url: 'mqtts://127.0.0.1:1' }),
    ]);
    expect(restore.stdout).toMatch(/restored \d+ files/);

    // The restored console, cut off from every broker: what it shows is what the backup held.
    restored = await startTestHub({
      dataDir: restoredDir,
      env: { SITE_ID: 'head-office' },
      patch: (raw) => {
        raw.central = { ...settings, url: 'mqtts://127.0.0.1:1' };
      },
    });
    const again = new HubClient({ baseUrl: restored.baseUrl });
    await again.login('supervisor', 'callboard-demo');
    expect((await centralSites(again)).sites.map((s) => s.siteId)).toEqual(['hall-north', 'hall-south']);
    for (const [i, id] of ['hall-north', 'hall-south'].entries()) {
      const after = await centralSite(again, id);
      expect(after.days.map((d) => [d.date, d.issued])).toEqual(before[i]?.days.map((d) => [d.date, d.issued]));
      expect(after.days.map((d) => d.date).sort()).toEqual(DAYS);
    }
    const kpis = await centralKpis(again, { from: DAYS[0], to: DAYS[1] });
    expect(kpis.sites.map((s) => s.siteId)).toEqual(['hall-north', 'hall-south']);
  });
});
