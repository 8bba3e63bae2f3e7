/**
 * A person erased at a site of a group, through Debian's Mosquitto and the bridges of
 * docs/mosquitto: two people served at both halls are cross-site repeats at head office. One is
 * erased at the north hall while its bridge is up, the other while it is cut off. Each time the
 * site drops the person's group pseudonym at once (daily_stats.db, unsent days), and head office —
 * as soon as the erasure reaches it, once — drops every visit of that pseudonym, from both halls:
 * its repeats report no longer counts them, and its store and audit hold the pseudonym nowhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { centralRepeats, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../hub/src/protocol/id-number';
import { erasedPseudonymHash, GROUP_ERASE_ACTION } from '../../hub/src/store/central-repository';
import type { CentralNetwork } from '../support/central-network';
import { centralNetworkReady, until } from '../support/central-ready';
import { closeToday, servedVisit, startGroupOfTwoHalls } from '../support/group-visits';

const GROUP_KEY = 'east-region-group-key-0123456789abcdef';
const FIRST = '11010519491231002X';
const SECOND = `44030419900307123${idCheckChar('44030419900307123')}`;

/** Every file of a data dir, as text (what a person's pseudonym must not be in). */
function filesOf(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file, text: readFileSync(file).toString('latin1') };
    });
}

describe.skipIf(!centralNetworkReady)('a person erased at a site, at head office (Mosquitto bridges)', () => {
  let net: CentralNetwork;
  let office: HubClient;
  const group: Record<string, string> = {};

  beforeAll(async () => {
    ({ net, office } = await startGroupOfTwoHalls(GROUP_KEY));
  });
  afterAll(async () => {
    await net?.close();
  });

  async function erase(siteId: string, idNumber: string): Promise<void> {
    const supervisor = new HubClient({ baseUrl: net.site(siteId).hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    const reply = await supervisor.erasePersonalData({ identity: { kind: 'id-card', value: idNumber } });
    expect(reply.erased['group-visits']).toEqual({ days: 1 });
    expect(reply.erased['uplink-outbox']).toMatchObject({ erasures: 1 });
  }

  /** Head office's rows holding a pseudonym (its store as the repeats report reads it). */
  const rowsAtHeadOffice = async (pseudonym: string) =>
    ((await net.central?.app.central?.siteDays()) ?? []).filter((d) => d.visits?.some((v) => v[0] === pseudonym));

  const centralDir = () => net.central?.config.dataDir as string;

  it('two people seen at both halls are cross-site repeats at head office', async () => {
    for (const [who, id] of [
      ['first', FIRST],
      ['second', SECOND],
    ] as const) {
      const north = await servedVisit(net, 'hall-north', id);
      const south = await servedVisit(net, 'hall-south', id);
      expect(north.identity?.group).toBe(south.identity?.group);
      group[who] = north.identity?.group as string;
    }
    const date = await closeToday(net, 'hall-north');
    await closeToday(net, 'hall-south');
    const report = await until(
      'both days at head office',
      () => centralRepeats(office, { from: date, to: date }),
      (r) => r.sites.length === 2 && r.sites.every((s) => s.servedVisits === 2),
    );
    expect(report.overall).toMatchObject({ visits: 4, repeated: 2 });
    expect(await rowsAtHeadOffice(group.first as string)).toHaveLength(2);
  });

  it('erased at the north hall: gone there at once, and from both halls’ days at head office', async () => {
    const north = net.site('hall-north').hub;
    await until(
      'the north day acknowledged',
      async () => north.app.uplinkOutbox?.counts(),
      (c) => c?.pending === 0,
    );
    await erase('hall-north', FIRST);
    // The site: no closed day keeps the pseudonym (the other person's stays).
    const stats = readFileSync(path.join(north.config.dataDir, 'daily_stats.db'), 'utf8');
    expect(stats).not.toContain(group.first);
    expect(stats).toContain(group.second);
    // Head office: every visit of the person, from either hall, goes; the report no longer counts them.
    await until(
      'the first person gone at head office',
      () => rowsAtHeadOffice(group.first as string),
      (rows) => rows.length === 0,
    );
    const date = north.app.queue.businessDate;
    const report = await centralRepeats(office, { from: date, to: date });
    expect(report.overall).toMatchObject({ visits: 2, repeated: 1 });
    expect(await rowsAtHeadOffice(group.second as string)).toHaveLength(2);
    // Its audit says so, by hash only.
    const audit = (await net.central?.app.central?.detail('hall-north'))?.audit ?? [];
    expect(audit.filter((a) => a.action === GROUP_ERASE_ACTION).map((a) => a.target)).toEqual([
      erasedPseudonymHash(group.first as string),
    ]);
    await until(
      'the erasure acknowledged',
      async () => north.app.uplinkOutbox?.counts(),
      (c) => c?.pending === 0,
    );
    for (const { file, text } of [...filesOf(centralDir()), ...filesOf(north.config.dataDir)])
      expect(text, file).not.toContain(group.first);
  });

  it('erased while the north hall is cut off: the erasure reaches head office after the bridge is back, once', async () => {
    const site = net.site('hall-north');
    const north = site.hub;
    const central = net.central?.app.central;
    const applied = central?.stats.erasuresApplied ?? 0;
    site.link.cut();
    await erase('hall-north', SECOND);
    expect(readFileSync(path.join(north.config.dataDir, 'daily_stats.db'), 'utf8')).not.toContain(group.second);
    // Resent into the cut bridge a few times; head office still has the person meanwhile.
    await new Promise((r) => setTimeout(r, 3000));
    const waiting = (await north.app.uplinkOutbox?.pending(100)) ?? [];
    expect(waiting.filter((d) => d.kind === 'erasure').map((d) => d.body.groups)).toEqual([[group.second]]);
    expect(await rowsAtHeadOffice(group.second as string)).toHaveLength(2);

    site.link.restore();
    await until(
      'the second person gone at head office',
      () => rowsAtHeadOffice(group.second as string),
      (rows) => rows.length === 0,
    );
    await until(
      'the erasure acknowledged',
      async () => north.app.uplinkOutbox?.counts(),
      (c) => c?.pending === 0,
    );
    const date = north.app.queue.businessDate;
    expect((await centralRepeats(office, { from: date, to: date })).overall).toMatchObject({ visits: 0, repeated: 0 });
    // Once: applied once (any resend was only acknowledged again), one audit entry per person.
    await new Promise((r) => setTimeout(r, 2000));
    await central?.settled();
    expect(central?.stats.erasuresApplied).toBe(applied + 1);
    const audit = (await central?.detail('hall-north'))?.audit ?? [];
    expect(
      audit
        .filter((a) => a.action === GROUP_ERASE_ACTION)
        .map((a) => a.target)
        .sort(),
    ).toEqual([erasedPseudonymHash(group.first as string), erasedPseudonymHash(group.second as string)].sort());
    for (const { file, text } of [...filesOf(centralDir()), ...filesOf(north.config.dataDir)])
      for (const g of [group.first, group.second]) expect(text, file).not.toContain(g);
  });
});
