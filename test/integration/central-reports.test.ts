/**
 * Cross-site reports at head office: two sites with a few days of simulated history each (the
 * days as day close leaves them, with their KPI pre-aggregates) send them up through their
 * Mosquitto bridges; the central console's KPI report for one site has the very tables — and CSV —
 * of that site's own report, and across both sites the counts add up, with one row per site.
 */

import { centralKpis, centralSite, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE, siteConfigPatch } from '../bench/gen-history';
import { CentralNetwork, historyWithRatings } from '../support/central-network';
import { centralNetworkReady } from '../support/central-ready';
import { tempDir } from '../support/hub';

const FROM = '2026-11-24';
const TO = '2026-11-28';
const SITES = { 'hall-north': 1, 'hall-south': 2 } as const;

describe.skipIf(!centralNetworkReady)('cross-site reports from the uplinked days', () => {
  let net: CentralNetwork;
  let office: HubClient;
  const own = new Map<string, HubClient>();

  beforeAll(async () => {
    const dirs = new Map<string, string>();
    for (const [id, seed] of Object.entries(SITES)) {
      const dir = tempDir(`cb-hist-${id}-`);
      await historyWithRatings(dir, TO, seed);
      dirs.set(id, dir);
    }
    net = await CentralNetwork.start({
      sites: Object.keys(SITES),
      siteHub: (id) => ({ dataDir: dirs.get(id) as string, patch: siteConfigPatch(DEMO_SITE) }),
    });
    office = new HubClient({ baseUrl: net.central?.baseUrl as string });
    await office.login('supervisor', 'callboard-demo');
    for (const id of Object.keys(SITES)) {
      const c = new HubClient({ baseUrl: net.site(id).hub.baseUrl });
      await c.login('supervisor', 'callboard-demo');
      own.set(id, c);
    }
    const deadline = Date.now() + 30_000;
    for (const id of Object.keys(SITES))
      while ((await centralSite(office, id).catch(() => null))?.days.length !== 5) {
        if (Date.now() > deadline) throw new Error(`${id}'s 5 days did not reach head office`);
        await new Promise((r) => setTimeout(r, 200));
      }
  });
  afterAll(async () => {
    await net?.close();
  });

  it('one site at head office: the same tables as the site’s own KPI report', async () => {
    for (const id of Object.keys(SITES)) {
      const site = await (own.get(id) as HubClient).reportKpis({ from: FROM, to: TO });
      const central = await centralKpis(office, { from: FROM, to: TO, site: id });
      expect(central.days).toEqual(site.days);
      for (const table of [
        'arrivals',
        'daily',
        'waiting',
        'serviceTime',
        'serviceLevel',
        'rates',
        'outcomes',
        'counters',
        'clerks',
        'satisfaction',
      ] as const)
        expect(central[table], `${id} ${table}`).toEqual(site[table]);
      expect(site.satisfaction.length).toBeGreaterThan(0);
      expect(central.sites).toHaveLength(1);
    }
  });

  it('the same CSV, table by table', async () => {
    const id = 'hall-south';
    for (const table of ['rates', 'satisfaction', 'serviceLevel']) {
      const siteCsv = await fetch((own.get(id) as HubClient).reportCsvUrl('kpis', table, { from: FROM, to: TO }), {
        headers: { cookie: await cookieOf(own.get(id) as HubClient) },
      });
      const centralCsv = await fetch(
        `${net.central?.baseUrl}/api/v1/central/reports/kpis?from=${FROM}&to=${TO}&site=${id}&format=csv&table=${table}`,
        { headers: { cookie: await cookieOf(office) } },
      );
      expect(centralCsv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(await centralCsv.text()).toBe(await siteCsv.text());
    }
  });

  it('across sites: counts add up, one row per site, satisfaction over both', async () => {
    const [north, south] = await Promise.all(
      Object.keys(SITES).map((id) => (own.get(id) as HubClient).reportKpis({ from: FROM, to: TO })),
    );
    const all = await centralKpis(office, { from: FROM, to: TO });
    const tickets = (rows: { serviceId: string; tickets: number }[], s: string) =>
      rows.find((r) => r.serviceId === s)?.tickets ?? 0;
    for (const s of ['A', 'B', 'C'])
      expect(tickets(all.rates, s)).toBe(tickets(north?.rates ?? [], s) + tickets(south?.rates ?? [], s));
    const rated = (r: { satisfaction: { serviceId: string; staffId: string; ratings: number; scoreSum: number }[] }) =>
      r.satisfaction.find((x) => x.serviceId === '*' && x.staffId === '*') ?? { ratings: 0, scoreSum: 0 };
    expect(rated(all).ratings).toBe(rated(north as never).ratings + rated(south as never).ratings);
    expect(rated(all).scoreSum).toBe(rated(north as never).scoreSum + rated(south as never).scoreSum);
    expect(all.sites.map((r) => r.siteId)).toEqual(['hall-north', 'hall-south']);
    expect(all.sites.map((r) => r.days)).toEqual([5, 5]);
    expect(all.sites[0]?.tickets).toBe((north?.rates ?? []).reduce((n, r) => n + r.tickets, 0));
    // The per-day table: one row per date and service across both sites.
    const keys = all.daily.map((r) => `${r.date}/${r.serviceId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const arrivalsOn = (rows: { date: string; serviceId: string; arrivals: number }[], k: string) =>
      rows.find((r) => `${r.date}/${r.serviceId}` === k)?.arrivals ?? 0;
    for (const k of keys)
      expect(arrivalsOn(all.daily, k), k).toBe(arrivalsOn(north?.daily ?? [], k) + arrivalsOn(south?.daily ?? [], k));
    const sitesCsv = await fetch(`${net.central?.baseUrl}/api/v1/central/reports/kpis?from=${FROM}&to=${TO}&format=csv`, {
      headers: { cookie: await cookieOf(office) },
    });
    const lines = (await sitesCsv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('siteId');
  });
});

/** The session cookie a signed-in HubClient holds. */
async function cookieOf(c: HubClient): Promise<string> {
  const jar = (c as unknown as { sessionCookie?: string }).sessionCookie;
  if (typeof jar === 'string') return jar;
  throw new Error('no cookie on the client');
}
