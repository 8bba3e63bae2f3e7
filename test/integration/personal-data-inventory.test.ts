/**
 * docs/personal-data.md, checked: a scripted day on a real hub (real MQTT, ID cards through the
 * bridge emulator on socat ptys, a phone number and an appointment through the API), its log lines
 * and every MQTT message the broker carried captured, then the data dir (backups unpacked), the
 * logs, the MQTT traffic and the printed tickets searched for each test person's identifiers in
 * every form the inventory lists: the clear number, the keyed hash, the masked form, the name and
 * the masked name. Each is allowed only in the places the inventory names (`INVENTORY` below,
 * the same table in words in the doc), and must be found where it is said to be, so the search
 * is shown to work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TEST_CARDS } from '@callboard/firmware-bridge';
import { HubClient, type IssuedTicket, type KioskMessage } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The appointment book masks names its own way (王**), not as identity.ts does (王*明).
import { maskName } from '../../hub/src/appointments/rules';
import { protectIdentity } from '../../hub/src/security/identity';
import { businessDate } from '../../hub/src/time';
import { type EmulatedBridge, startEmulatedBridge } from '../support/bridge';
import { startTestHub, type TestHub, tempDir } from '../support/hub';
import { toolOrSkip } from '../support/tools';

const socat = toolOrSkip('socat', 'socat');
const SECRET = 'inventory-test-secret-0001';
const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';
const card = (label: string) => TEST_CARDS.find((c) => c.label === label)?.card.idNumber as string;

type Form = 'clear' | 'hmac' | 'masked' | 'name' | 'maskedName';
/**
 * Where each form may be found, by source: `data/<file>` (the data dir), `log/hub`, `log/bridge`,
 * `mqtt/<topic under the site>`, `print` (printed tickets). The inventory in words:
 * docs/personal-data.md, "Where it lives".
 */
const INVENTORY: Record<Form, RegExp> = {
  // The card's number crosses the LAN once, bridge → hub, on the bridge's own events topic.
  clear: /^mqtt\/devices\/bridge-1\/events$/,
  hmac: /^data\/(tickets\.db|appointments\.db|phone-contacts\.db|archive\/.*\.db|backups\/.*\.cbk)$/,
  masked:
    /^(data\/(tickets\.db|appointments\.db|phone-contacts\.db|archive\/.*\.db|analytics\/visits\/.*\.cbv|backups\/.*\.cbk)|log\/hub|mqtt\/devices\/kiosk-1\/commands|mqtt\/appointments\/events)$/,
  name: /^$/,
  maskedName: /^(data\/(appointments\.db|backups\/.*\.cbk)|mqtt\/appointments\/events)$/,
};
/** Where the day must have left each form (the search is shown to find what is there). */
const MUST_FIND: Partial<Record<Form, string[]>> = {
  clear: ['mqtt/devices/bridge-1/events'],
  hmac: ['data/tickets.db', 'data/appointments.db'],
  masked: ['data/tickets.db', 'log/hub', 'mqtt/devices/kiosk-1/commands', 'mqtt/appointments/events'],
  maskedName: ['data/appointments.db', 'mqtt/appointments/events'],
};

interface Person {
  label: string;
  forms: Partial<Record<Form, string>>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!socat)('the personal data inventory holds for a scripted day', () => {
  const dataDir = tempDir('cb-inventory-');
  const logs: string[] = [];
  /** Every message the broker carried: [topic under the site, payload]. */
  const traffic: [string, string][] = [];
  let hub: TestHub;
  let bridge: EmulatedBridge;
  let screen: MqttClient;
  let printed = '';
  const people: Person[] = [];

  beforeAll(async () => {
    hub = await startTestHub({
      dataDir,
      env: { CALLBOARD_SECRET: SECRET },
      logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } },
      patch: (raw) => {
        raw.backup = { enabled: false };
      },
    });
    const site = hub.config.site.id;
    hub.app.embeddedBroker?.aedes.on('publish', (packet) => {
      if (!packet.topic.startsWith(`callboard/${site}/`)) return;
      traffic.push([packet.topic.slice(`callboard/${site}/`.length), Buffer.from(packet.payload).toString('utf8')]);
    });
    // A waiting-room screen, as anyone on the LAN may run one.
    screen = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, { protocolVersion: 4, reconnectPeriod: 200 });
    await until('screen MQTT', () => screen.connected);
    await screen.subscribeAsync([
      `callboard/${site}/board`,
      `callboard/${site}/calls`,
      `callboard/${site}/counters/+`,
      `callboard/${site}/lines/+`,
    ]);
    bridge = await startEmulatedBridge({ hubBaseUrl: hub.baseUrl, mqttPort: hub.mqttPort as number, kioskId: 'kiosk-1' });
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await until('bridge-1 ready', async () => (await supervisor.device('bridge-1')).printer?.condition === 'ok');
  }, 90_000);

  afterAll(async () => {
    screen?.end(true);
    await bridge?.stop();
    await hub?.close();
  });

  it('runs a day: two ID cards at the kiosk, a phone number at the kiosk, an appointment, calls and a rating', async () => {
    const cardResult = async (label: string) => {
      const from = traffic.length;
      await bridge.post('/idcard/place', { card: label });
      const result = await until('card result', () =>
        traffic
          .slice(from)
          .filter(([t]) => t === 'devices/kiosk-1/commands')
          .map(([, p]) => JSON.parse(p) as KioskMessage)
          .find((m) => m.type === 'card-result'),
      );
      await bridge.post('/idcard/lift');
      if (result.type !== 'card-result' || !result.ticket) throw new Error(`no ticket for ${label}`);
      return result.ticket;
    };
    const zhang = await cardResult('zhang-san');
    await new Promise((r) => setTimeout(r, 1700)); // past the reader's bounce window
    await cardResult('li-si');
    for (const label of ['zhang-san', 'li-si']) {
      const value = card(label);
      const id = protectIdentity({ kind: 'id-card', value }, SECRET);
      people.push({ label, forms: { clear: value, hmac: id.hmac, masked: id.masked } });
    }

    const kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK_TOKEN });
    const phone = '13912345678';
    const byPhone: IssuedTicket = await kiosk.issueTicket({ serviceId: 'B', identity: { kind: 'phone', value: phone } });
    const phoneId = protectIdentity({ kind: 'phone', value: phone }, SECRET);
    expect(byPhone.identityMasked).toBe(phoneId.masked);
    people.push({ label: 'phone', forms: { clear: phone, hmac: phoneId.hmac, masked: phoneId.masked } });

    const clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('supervisor', 'callboard-demo');
    // The next weekday's first slot of the appointment service.
    let slotId: string | undefined;
    for (let d = 1; d <= 7 && !slotId; d++) {
      const date = businessDate(Date.now() + d * 86_400_000, 'Asia/Shanghai');
      slotId = (await clerk.slots('C', date)).slots[0]?.id;
    }
    const idNumber = '11010519491231002X';
    const name = '王小明';
    await clerk.bookAppointment({ slotId: slotId as string, identity: { kind: 'id-card', value: idNumber }, name });
    const apId = protectIdentity({ kind: 'id-card', value: idNumber }, SECRET);
    people.push({
      label: 'appointment',
      forms: { clear: idNumber, hmac: apId.hmac, masked: apId.masked, name, maskedName: maskName(name) },
    });

    // The day at the counter: zhang-san served and rated from the phone page; the others wait.
    expect((await clerk.callTicket('1', zhang.id, 'test: this visitor')).id).toBe(zhang.id);
    await clerk.start(zhang.id);
    await clerk.finish(zhang.id);
    await new HubClient({ baseUrl: hub.baseUrl }).rateVisit(new URL(zhang.trackUrl).pathname.split('/').pop() as string, 4);
    printed = JSON.stringify(await bridge.get('/printer/tickets'));
    expect(printed).toContain(zhang.number);
    // The nightly backup is part of the data dir's inventory too.
    await hub.backups.runNow(Date.now(), path.join(dataDir, 'backups'), 14);
  }, 90_000);

  it('finds each identifier only where the inventory says, and finds it there', async () => {
    await hub.close();
    const sources: [string, Buffer][] = [
      ...filesUnder(dataDir).map((f): [string, Buffer] => {
        const raw = readFileSync(f);
        return [`data/${path.relative(dataDir, f)}`, f.endsWith('.cbk') ? gunzipSync(raw) : raw];
      }),
      ['log/hub', Buffer.from(logs.join('\n'))],
      ['log/bridge', Buffer.from(bridge.output())],
      ['print', Buffer.from(printed)],
    ];
    const byTopic = new Map<string, string[]>();
    for (const [topic, payload] of traffic) byTopic.set(topic, [...(byTopic.get(topic) ?? []), payload]);
    for (const [topic, payloads] of byTopic) sources.push([`mqtt/${topic}`, Buffer.from(payloads.join('\n'))]);
    // The screens' own topics were heard: the search covers them.
    expect(byTopic.has('board') && byTopic.has('calls')).toBe(true);

    const misplaced: string[] = [];
    const foundAt = new Map<Form, Set<string>>();
    for (const person of people)
      for (const [form, value] of Object.entries(person.forms) as [Form, string][]) {
        const needle = Buffer.from(value, 'utf8');
        for (const [source, bytes] of sources) {
          if (!bytes.includes(needle)) continue;
          foundAt.set(form, (foundAt.get(form) ?? new Set()).add(source));
          if (!INVENTORY[form].test(source)) misplaced.push(`${person.label} ${form} in ${source}`);
        }
      }
    expect(misplaced).toEqual([]);
    for (const [form, places] of Object.entries(MUST_FIND) as [Form, string[]][])
      for (const place of places) expect(foundAt.get(form)?.has(place), `${form} in ${place}`).toBe(true);
  });
});
