/**
 * Cross-site repeat visits at head office, through Debian's Mosquitto and the bridges of
 * docs/mosquitto: two sites of one group (the same `uplink.groupKey`, each its own identity key).
 * A visitor served at the north hall who then comes to the south hall shows at head office as a
 * repeat from north to south; what the sites send up carries the group pseudonym only — never the
 * ID number, its masked form or a site's own identity hash (asserted on every uplinked message).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { centralRepeats, HubClient } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralNetwork, CONSOLE_USER } from '../support/central-network';
import { centralNetworkReady } from '../support/central-ready';
import { closeToday, servedVisit, startGroupOfTwoHalls } from '../support/group-visits';

const GROUP_KEY = 'east-region-group-key-0123456789abcdef';
const ID_NUMBER = '11010519491231002X';

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const last = await get();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(!centralNetworkReady)('cross-site repeat visits over Mosquitto bridges', () => {
  let net: CentralNetwork;
  let office: HubClient;
  let listener: mqtt.MqttClient;
  const uplinked: { topic: string; text: string }[] = [];

  beforeAll(async () => {
    // Each site its own identity key; one group key for both.
    ({ net, office } = await startGroupOfTwoHalls(GROUP_KEY));
    // Everything the sites send up, as the central broker delivers it.
    listener = await mqtt.connectAsync(`mqtts://127.0.0.1:${net.centralBroker.port}`, {
      protocolVersion: 4,
      ca: [readFileSync(net.certs.ca)],
      reconnectPeriod: 0,
      username: CONSOLE_USER,
      password: net.consolePassword,
    });
    listener.on('message', (topic, payload) => uplinked.push({ topic, text: payload.toString() }));
    await listener.subscribeAsync(['callboard/+/site-status', 'callboard/+/daily', 'callboard/+/board', 'callboard/+/audit']);
  });
  afterAll(async () => {
    await listener?.endAsync(true);
    await net?.close();
  });

  it('a person served at the north hall and then at the south hall is a cross-site repeat; nothing clear goes up', async () => {
    const north = await servedVisit(net, 'hall-north', ID_NUMBER);
    const south = await servedVisit(net, 'hall-south', ID_NUMBER);
    // Two sites, two identity keys: two different hashes of one person, and one group pseudonym.
    expect(north.identity?.hmac).not.toBe(south.identity?.hmac);
    expect(north.identity?.group).toMatch(/^[0-9a-f]{16}$/);
    expect(north.identity?.group).toBe(south.identity?.group);

    const date = await closeToday(net, 'hall-north');
    await closeToday(net, 'hall-south');
    const report = await until(
      'both days at head office',
      () => centralRepeats(office, { from: date, to: date }),
      (r) => r.sites.length === 2 && r.sites.every((s) => s.servedVisits === 1),
    );
    expect(report.siteFlow).toEqual([{ fromSiteId: 'hall-north', toSiteId: 'hall-south', count: 1 }]);
    expect(report.sites.find((s) => s.siteId === 'hall-north')).toMatchObject({
      servedVisits: 1,
      repeated: 1,
      repeatedOtherSite: 1,
      repeatedSameSite: 0,
      otherSiteRate: 1,
    });
    expect(report.sitesWithoutVisits).toEqual([]);
    expect(report.overall).toMatchObject({ visits: 2, servedVisits: 2, repeated: 1 });
    expect(report.flow).toEqual([{ fromServiceId: 'A', toServiceId: 'A', count: 1 }]);
    // One site alone: no repeat (its own report says the same: the person came once).
    const own = new HubClient({ baseUrl: net.site('hall-north').hub.baseUrl });
    await own.login('supervisor', 'callboard-demo');
    const northOnly = await centralRepeats(office, { from: date, to: date, site: 'hall-north' });
    const northOwn = await own.reportRepeats({ from: date, to: date });
    expect(northOnly.overall).toEqual(northOwn.overall);
    expect(northOnly.byService).toEqual(northOwn.byService);
    expect(northOnly.byClerkService).toEqual(northOwn.byClerkService);

    // CSV of the site-to-site flow, as a site's report tables download.
    const csv = await fetch(
      `${net.central?.baseUrl}/api/v1/central/reports/repeats?from=${date}&to=${date}&format=csv&table=siteFlow`,
      { headers: { cookie: (office as unknown as { sessionCookie: string }).sessionCookie } },
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split(/\r?\n/)).toEqual(['fromSiteId,toSiteId,count', 'hall-north,hall-south,1']);

    // What went up: the days carry the pseudonym (their visits gzip'd, to fit the brokers' packet
    // size), and no message, its visits inflated, carries the person in any other form.
    const opened = uplinked.map((m) => {
      const gz = m.topic.endsWith('/daily') ? (JSON.parse(m.text) as { groupVisitsGz?: string }).groupVisitsGz : undefined;
      return { ...m, text: gz ? `${m.text}\n${gunzipSync(Buffer.from(gz, 'base64')).toString()}` : m.text };
    });
    const days = opened.filter((m) => m.topic.endsWith('/daily') && m.text.includes('groupVisitsGz'));
    // (A day may go twice: the outbox resends until head office's acknowledgement arrives.)
    expect([...new Set(days.map((m) => m.topic))].sort()).toEqual(['callboard/hall-north/daily', 'callboard/hall-south/daily']);
    for (const m of days) expect(m.text).toContain(north.identity?.group as string);
    const masked = north.identity?.masked as string;
    expect(masked).toContain('*');
    for (const m of opened)
      for (const secret of [ID_NUMBER, masked, north.identity?.hmac, south.identity?.hmac])
        expect(m.text, m.topic).not.toContain(secret as string);
  });
});
