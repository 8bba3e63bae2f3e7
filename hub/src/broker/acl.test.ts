import { describe, expect, it } from 'vitest';
import { topics } from '../protocol';
import { canPublish, canPublishMessage, canSubscribe, clientIdAllowed, clientIdOwner, type MqttIdentity } from './acl';

const SITE = 'hall-1';
const OTHER = 'hall-2';

const hub: MqttIdentity = { kind: 'hub' };
const anon: MqttIdentity = { kind: 'anonymous' };
const kiosk: MqttIdentity = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' };
const bridge: MqttIdentity = { kind: 'device', deviceId: 'bridge-1', deviceKind: 'bridge' };
const display: MqttIdentity = { kind: 'device', deviceId: 'board-1', deviceKind: 'display' };
const pad: MqttIdentity = { kind: 'device', deviceId: 'counter-3', deviceKind: 'counter' };
const devices = [kiosk, bridge, display, pad];

/** The topics a screen reads, as filters. */
const screenFilters = [
  topics.board(SITE),
  topics.calls(SITE),
  topics.counterWildcard(SITE),
  topics.counter(SITE, '3'),
  `${topics.root(SITE)}/counters/#`,
  topics.line(SITE, 'A'),
  topics.lineWildcard(SITE),
  'callboard/+/calls',
  'callboard/+/board',
];

/** Filters nobody but the hub may subscribe to. */
const forbiddenToAll = [
  '#',
  '+',
  '$SYS/#',
  '$SYS/broker/clients/connected',
  'callboard/#',
  'callboard/+',
  'callboard/+/#',
  `${topics.root(SITE)}/#`,
  `${topics.root(SITE)}/+`,
  topics.root(SITE),
  `${topics.root(SITE)}/devices/#`,
  `${topics.root(SITE)}/devices/+/commands`,
  `${topics.root(SITE)}/devices/+/status`,
  `${topics.root(SITE)}/counters/3/extra`,
  `${topics.root(SITE)}/counters/`,
  `${topics.root(SITE)}/counters/$x`,
  `${topics.root(SITE)}/lines/A/extra`,
  `${topics.root(SITE)}/lines/`,
  `${topics.root(SITE)}/lines`,
  // another site's topics
  topics.board(OTHER),
  topics.calls(OTHER),
  topics.counterWildcard(OTHER),
  topics.counter(OTHER, '3'),
  topics.line(OTHER, 'A'),
  // a site id that merely starts like ours, or a different root
  'callboard/hall-1x/calls',
  'callboard2/hall-1/calls',
  '+/hall-1/calls',
  // other devices' traffic
  topics.deviceCommands(SITE, 'someone-else'),
  topics.deviceEvents(SITE, 'someone-else'),
  topics.deviceStatus(SITE, 'someone-else'),
];

describe('canSubscribe', () => {
  it('the hub may subscribe to anything', () => {
    for (const f of [...screenFilters, ...forbiddenToAll]) expect(canSubscribe(hub, f, SITE, false), f).toBe(true);
  });

  it('anonymous clients read the screen topics when the site allows anonymous displays', () => {
    for (const f of screenFilters) expect(canSubscribe(anon, f, SITE, true), f).toBe(true);
  });

  it('anonymous clients read nothing when anonymous displays are not allowed', () => {
    for (const f of [...screenFilters, ...forbiddenToAll]) expect(canSubscribe(anon, f, SITE, false), f).toBe(false);
  });

  it('paired devices read the screen topics even when anonymous displays are off', () => {
    for (const who of devices) for (const f of screenFilters) expect(canSubscribe(who, f, SITE, false), f).toBe(true);
  });

  it('nobody but the hub subscribes to wildcards over everything, $SYS, other sites or other devices', () => {
    for (const who of [anon, ...devices])
      for (const allow of [true, false])
        for (const f of forbiddenToAll) expect(canSubscribe(who, f, SITE, allow), `${JSON.stringify(who)} ${f}`).toBe(false);
  });

  it('a device reads its own commands and nobody else reads them', () => {
    const own = topics.deviceCommands(SITE, 'kiosk-1');
    expect(canSubscribe(kiosk, own, SITE, false)).toBe(true);
    expect(canSubscribe(bridge, own, SITE, true)).toBe(false);
    expect(canSubscribe(display, own, SITE, true)).toBe(false);
    expect(canSubscribe(anon, own, SITE, true)).toBe(false);
    // Its commands on another site are not its commands.
    expect(canSubscribe(kiosk, topics.deviceCommands(OTHER, 'kiosk-1'), SITE, true)).toBe(false);
  });

  it('a device may not read its own status/events channel as a command channel, nor read beyond it', () => {
    expect(canSubscribe(kiosk, topics.deviceStatus(SITE, 'kiosk-1'), SITE, true)).toBe(false);
    expect(canSubscribe(kiosk, topics.deviceEvents(SITE, 'kiosk-1'), SITE, true)).toBe(false);
    expect(canSubscribe(kiosk, `${topics.root(SITE)}/devices/kiosk-1/#`, SITE, true)).toBe(false);
    expect(canSubscribe(kiosk, `${topics.deviceCommands(SITE, 'kiosk-1')}/x`, SITE, true)).toBe(false);
  });
});

describe('canPublish', () => {
  const hubOnly = [
    topics.calls(SITE),
    topics.board(SITE),
    topics.counter(SITE, '1'),
    topics.line(SITE, 'A'),
    topics.deviceCommands(SITE, 'kiosk-1'),
    topics.deviceCommands(SITE, 'bridge-1'),
  ];

  it('the hub publishes calls, board, counter state and commands', () => {
    for (const t of hubOnly) expect(canPublish(hub, t, SITE), t).toBe(true);
  });

  it('nobody else publishes calls, board, counter state or commands', () => {
    for (const who of [anon, ...devices]) for (const t of hubOnly) expect(canPublish(who, t, SITE), t).toBe(false);
  });

  it('a device publishes only its own status and (if its kind sends any) events; a display sends no events', () => {
    for (const who of devices) {
      if (who.kind !== 'device') throw new Error('unreachable');
      expect(canPublish(who, topics.deviceStatus(SITE, who.deviceId), SITE)).toBe(true);
      expect(canPublish(who, topics.deviceEvents(SITE, who.deviceId), SITE)).toBe(who !== display);
      // Not another device's, not on another site, not under a wildcard, not a sub-topic.
      expect(canPublish(who, topics.deviceStatus(SITE, 'intruder'), SITE)).toBe(false);
      expect(canPublish(who, topics.deviceEvents(SITE, 'intruder'), SITE)).toBe(false);
      expect(canPublish(who, topics.deviceStatus(OTHER, who.deviceId), SITE)).toBe(false);
      expect(canPublish(who, `callboard/+/devices/${who.deviceId}/status`, SITE)).toBe(false);
      expect(canPublish(who, `${topics.deviceEvents(SITE, who.deviceId)}/x`, SITE)).toBe(false);
      expect(canPublish(who, `${topics.root(SITE)}/devices/${who.deviceId}/other`, SITE)).toBe(false);
    }
  });

  it('anonymous clients publish nothing, not even a status', () => {
    expect(canPublish(anon, topics.deviceStatus(SITE, 'kiosk-1'), SITE)).toBe(false);
    expect(canPublish(anon, topics.deviceEvents(SITE, 'kiosk-1'), SITE)).toBe(false);
  });

  it('nobody but the hub publishes to $SYS or outside the site root', () => {
    for (const who of [anon, ...devices]) {
      expect(canPublish(who, '$SYS/broker/uptime', SITE)).toBe(false);
      expect(canPublish(who, 'elsewhere/devices/kiosk-1/status', SITE)).toBe(false);
    }
  });
});

describe('edges of the topic tree', () => {
  it('nobody but the hub subscribes outside the site or one level too deep', () => {
    const outside = ['callboard', `callboard/${SITE}`, `other/${SITE}/board`, `callboard/${OTHER}/board`, '$SYS/broker/uptime'];
    const tooDeep = [
      `callboard/${SITE}/board/x`,
      `callboard/${SITE}/calls/x`,
      `callboard/${SITE}/counters/3/x`,
      `callboard/${SITE}/lines/A/x`,
      `callboard/${SITE}/devices/kiosk-1/commands/x`,
    ];
    for (const who of [anon, ...devices])
      for (const filter of [...outside, ...tooDeep])
        expect(canSubscribe(who, filter, SITE, true), `${who.kind} ${filter}`).toBe(false);
    for (const filter of [...outside, ...tooDeep]) expect(canSubscribe(hub, filter, SITE, false)).toBe(true);
  });

  it('anonymous screens read nothing when the site does not allow them; paired displays still do', () => {
    for (const filter of screenFilters) {
      expect(canSubscribe(anon, filter, SITE, false), filter).toBe(false);
      expect(canSubscribe(display, filter, SITE, false), filter).toBe(true);
    }
  });

  it('a device publishes nothing below its own status and events topics', () => {
    for (const topic of [
      `callboard/${SITE}/devices/kiosk-1/status/x`,
      `callboard/${SITE}/devices/kiosk-1/events/x`,
      `callboard/${SITE}/devices/kiosk-1`,
      `callboard/${OTHER}/devices/kiosk-1/status`,
    ])
      expect(canPublish(kiosk, topic, SITE), topic).toBe(false);
    expect(canPublish(kiosk, `callboard/${SITE}/devices/kiosk-1/status`, SITE)).toBe(true);
  });

  it('a device’s own topics are under devices/ only: the same id under another branch is not its own', () => {
    for (const branch of ['device', 'counters', 'kiosks', 'x']) {
      expect(canSubscribe(kiosk, `callboard/${SITE}/${branch}/kiosk-1/commands`, SITE, true), branch).toBe(false);
      expect(canPublish(kiosk, `callboard/${SITE}/${branch}/kiosk-1/status`, SITE), branch).toBe(false);
      expect(canPublish(kiosk, `callboard/${SITE}/${branch}/kiosk-1/events`, SITE), branch).toBe(false);
    }
  });
});

describe('canPublishMessage: device kinds', () => {
  const event = (type: string) => JSON.stringify({ v: 1, type, at: 1 });
  // [who, event type, allowed]
  const table: [MqttIdentity, string, boolean][] = [
    [display, 'card', false],
    [display, 'scan', false],
    [display, 'rating', false],
    [display, 'print-result', false],
    [display, 'select-service', false],
    [kiosk, 'select-service', true],
    [kiosk, 'card', false],
    [kiosk, 'scan', false],
    [kiosk, 'rating', false],
    [kiosk, 'button', false],
    [bridge, 'card', true],
    [bridge, 'card-error', true],
    [bridge, 'scan', true],
    [bridge, 'rating', true],
    [bridge, 'button', true],
    [bridge, 'print-result', true],
    [bridge, 'select-service', false],
    [pad, 'button', true],
    [pad, 'rating', true],
    [pad, 'card', false],
    [pad, 'scan', false],
    [bridge, 'no-such-event', false],
  ];
  it.each(table)('%j sends %s → %s', (who, type, allowed) => {
    if (who.kind !== 'device') throw new Error('unreachable');
    expect(canPublishMessage(who, topics.deviceEvents(SITE, who.deviceId), SITE, event(type))).toBe(allowed);
  });

  it('refuses a payload that is not JSON, and anything the topic check refuses', () => {
    expect(canPublishMessage(bridge, topics.deviceEvents(SITE, 'bridge-1'), SITE, 'not json')).toBe(false);
    expect(canPublishMessage(bridge, topics.deviceEvents(SITE, 'kiosk-1'), SITE, event('card'))).toBe(false);
    expect(canPublishMessage(anon, topics.deviceEvents(SITE, 'bridge-1'), SITE, event('card'))).toBe(false);
  });

  it('only bridges and counter PCs report peripherals or printer state; everyone reports online/offline', () => {
    const plain = JSON.stringify({ v: 1, state: 'online', at: 1, detail: { version: '1', app: 'display' } });
    const printer = JSON.stringify({
      v: 1,
      state: 'online',
      at: 1,
      detail: { version: '1', kioskId: 'kiosk-1', peripherals: [{ id: 'p', kind: 'printer-escpos', connected: true }] },
    });
    for (const who of devices) {
      if (who.kind !== 'device') throw new Error('unreachable');
      const topic = topics.deviceStatus(SITE, who.deviceId);
      expect(canPublishMessage(who, topic, SITE, plain), who.deviceId).toBe(true);
      expect(canPublishMessage(who, topic, SITE, printer), who.deviceId).toBe(who === bridge || who === pad);
    }
  });
});

describe('client ids are bound to the authenticated identity', () => {
  const known = ['bridge-1', 'kiosk-1', 'kiosk', 'board-1'];
  it('finds the device a client id belongs to, the longest id winning', () => {
    expect(clientIdOwner('callboard-bridge-bridge-1', known)).toBe('bridge-1');
    expect(clientIdOwner('kiosk-1-ab12cd34', known)).toBe('kiosk-1');
    expect(clientIdOwner('kiosk-ab12', known)).toBe('kiosk');
    expect(clientIdOwner('board-1', known)).toBe('board-1');
    expect(clientIdOwner('mqttjs_1234abcd', known)).toBeUndefined();
    expect(clientIdOwner('bridge-10', known)).toBeUndefined();
    // Devices whose ids look like the bridge prefix do not own the bridges' client ids.
    const odd = [...known, 'callboard', 'callboard-bridge'];
    expect(clientIdOwner('callboard-bridge-bridge-1', odd)).toBe('bridge-1');
    expect(clientIdOwner('callboard-bridge-nobody', odd)).toBeUndefined();
    expect(clientIdOwner('callboard', odd)).toBe('callboard');
    expect(clientIdOwner('callboard-x1', odd)).toBe('callboard');
  });
  // [who, client id, allowed]
  const table: [MqttIdentity, string, boolean][] = [
    [anon, 'callboard-bridge-bridge-1', false],
    [anon, 'bridge-1', false],
    [anon, 'kiosk-1-x', false],
    [anon, 'callboard-hub-hall-1', false],
    [anon, 'callboard-uplink-hall-1', false],
    [anon, 'mqttjs_12345678', true],
    [anon, 'aedes_4b0c', true],
    [bridge, 'callboard-bridge-bridge-1', true],
    [bridge, 'bridge-1-x', true],
    [bridge, 'kiosk-1-x', false],
    [bridge, 'mqttjs_12345678', true],
    [display, 'board-1-abcd', true],
    [display, 'callboard-bridge-bridge-1', false],
    [kiosk, 'kiosk-1-1234', true],
    [kiosk, 'callboard-hub-hall-1', false],
    [hub, 'callboard-hub-hall-1', true],
  ];
  it.each(table)('%j as %s → %s', (who, clientId, allowed) => {
    expect(clientIdAllowed(who, clientId, known)).toBe(allowed);
  });

  it('a free client id a device is using stays bound to it while its session lives', () => {
    const bound = 'device:bridge-1';
    expect(clientIdAllowed(anon, 'mqttjs_12345678', known, bound)).toBe(false);
    expect(clientIdAllowed(kiosk, 'mqttjs_12345678', known, bound)).toBe(false);
    expect(clientIdAllowed(bridge, 'mqttjs_12345678', known, bound)).toBe(true);
  });
});

describe('the SMS topics (clear phone numbers) belong to the SMS-modem bridge alone', () => {
  const modem: MqttIdentity = { kind: 'device', deviceId: 'sms-1', deviceKind: 'sms-modem' };
  const sms = topics.deviceSms(SITE, 'sms-1');
  const results = topics.deviceSmsResults(SITE, 'sms-1');

  it('the modem bridge reads its own texts and reports their outcome', () => {
    expect(canSubscribe(modem, sms, SITE, false)).toBe(true);
    expect(canPublish(modem, results, SITE)).toBe(true);
    expect(
      canPublishMessage(modem, results, SITE, JSON.stringify({ v: 1, type: 'delivery', ref: 1, delivered: true, at: 1 })),
    ).toBe(true);
  });

  it('nobody else reads the texts: anonymous, displays, kiosks, ordinary bridges, call pads, another modem', () => {
    const other: MqttIdentity = { kind: 'device', deviceId: 'sms-2', deviceKind: 'sms-modem' };
    for (const who of [anon, ...devices, other]) {
      expect(canSubscribe(who, sms, SITE, true)).toBe(false);
      expect(canSubscribe(who, `${topics.root(SITE)}/devices/+/sms`, SITE, true)).toBe(false);
    }
    // A bridge of the ordinary kind cannot read the texts on its own id either.
    expect(canSubscribe(bridge, topics.deviceSms(SITE, 'bridge-1'), SITE, false)).toBe(false);
  });

  it('nobody else reports SMS outcomes, and the modem publishes nothing but its status and results', () => {
    for (const who of [anon, ...devices]) expect(canPublish(who, results, SITE)).toBe(false);
    expect(canPublish(bridge, topics.deviceSmsResults(SITE, 'bridge-1'), SITE)).toBe(false);
    expect(canPublish(modem, sms, SITE)).toBe(false);
    expect(canPublish(modem, topics.deviceEvents(SITE, 'sms-1'), SITE)).toBe(false);
    expect(canSubscribe(modem, topics.board(SITE), SITE, false)).toBe(false);
    expect(canSubscribe(modem, topics.deviceCommands(SITE, 'sms-1'), SITE, false)).toBe(false);
  });
});

describe('the dial topic (clear numbers to call back) belongs to the PBX gateway alone', () => {
  const pbx: MqttIdentity = { kind: 'device', deviceId: 'pbx-1', deviceKind: 'pbx' };
  const dial = topics.deviceDial(SITE, 'pbx-1');

  it('the gateway reads its own dial requests and nothing else', () => {
    expect(canSubscribe(pbx, dial, SITE, false)).toBe(true);
    expect(canSubscribe(pbx, topics.board(SITE), SITE, false)).toBe(false);
    expect(canSubscribe(pbx, topics.deviceCommands(SITE, 'pbx-1'), SITE, false)).toBe(false);
    expect(canSubscribe(pbx, topics.deviceSms(SITE, 'pbx-1'), SITE, false)).toBe(false);
    expect(canPublish(pbx, dial, SITE)).toBe(false);
  });

  it('nobody else reads them: anonymous, displays, kiosks, bridges, call pads, the SMS modem, another gateway', () => {
    const other: MqttIdentity = { kind: 'device', deviceId: 'pbx-2', deviceKind: 'pbx' };
    const modem: MqttIdentity = { kind: 'device', deviceId: 'sms-1', deviceKind: 'sms-modem' };
    for (const who of [anon, ...devices, other, modem]) {
      expect(canSubscribe(who, dial, SITE, true)).toBe(false);
      expect(canSubscribe(who, `${topics.root(SITE)}/devices/+/dial`, SITE, true)).toBe(false);
    }
    expect(canSubscribe(bridge, topics.deviceDial(SITE, 'bridge-1'), SITE, false)).toBe(false);
    expect(canSubscribe(modem, topics.deviceDial(SITE, 'sms-1'), SITE, false)).toBe(false);
  });
});

describe('edges of the message check and client ids', () => {
  const modem: MqttIdentity = { kind: 'device', deviceId: 'sms-1', deviceKind: 'sms-modem' };
  const results = topics.deviceSmsResults(SITE, 'sms-1');

  it('the hub publishes anything; the modem only well-formed results on its results, nothing that is not JSON', () => {
    expect(canPublishMessage(hub, topics.deviceCommands(SITE, 'kiosk-1'), SITE, 'not json')).toBe(true);
    const sent = { v: 1, type: 'sent', id: 'm-1', ok: true, refs: [3], at: 1 };
    expect(canPublishMessage(modem, results, SITE, JSON.stringify(sent))).toBe(true);
    // JSON that is no result: refused, even when it would pass as a status (a plain online report).
    for (const junk of ['[]', 'null', '{}', JSON.stringify({ v: 1, online: true, at: 1 }), JSON.stringify({ ...sent, v: 2 })])
      expect(canPublishMessage(modem, results, SITE, junk), junk).toBe(false);
    expect(canPublishMessage(modem, results, SITE, 'not json')).toBe(false);
    // Its status is judged as a status: plain online/offline yes, a result there too (no hardware claim).
    expect(
      canPublishMessage(modem, topics.deviceStatus(SITE, 'sms-1'), SITE, JSON.stringify({ v: 1, online: true, at: 1 })),
    ).toBe(true);
    expect(canPublishMessage(modem, topics.deviceStatus(SITE, 'sms-1'), SITE, 'not json')).toBe(false);
  });

  it('an event that is JSON null is refused, not a crash', () => {
    expect(canPublishMessage(kiosk, topics.deviceEvents(SITE, 'kiosk-1'), SITE, 'null')).toBe(false);
  });

  it('the modem subscribes to nothing else under its own id', () => {
    expect(canSubscribe(modem, topics.deviceStatus(SITE, 'sms-1'), SITE, false)).toBe(false);
  });

  it('a bridge prefix is only a prefix; the longest fitting id owns a client id whatever the order', () => {
    expect(clientIdOwner('callboard-bridge-b1-2', ['b1'])).toBe('b1');
    expect(clientIdOwner('abcdefghijklmnopqk1', ['k1'])).toBeUndefined();
    expect(clientIdOwner('kiosk-1-x', ['kiosk', 'kiosk-1'])).toBe('kiosk-1');
    expect(clientIdOwner('kiosk-1-x', ['kiosk-1', 'kiosk'])).toBe('kiosk-1');
  });

  it('an id bound to one identity is refused to any other', () => {
    expect(clientIdAllowed(anon, 'mqttjs_1', ['kiosk-1'], 'device:kiosk-1')).toBe(false);
    expect(clientIdAllowed(anon, 'mqttjs_1', ['kiosk-1'], 'anonymous')).toBe(true);
    expect(clientIdAllowed(kiosk, 'mqttjs_1', ['kiosk-1'], 'device:kiosk-1')).toBe(true);
  });
});

describe('head-office uplink topics on a site broker', () => {
  const uplink = [
    topics.siteStatus(SITE),
    topics.daily(SITE),
    topics.audit(SITE),
    topics.erasure(SITE),
    topics.bridgeStatus(SITE),
    topics.centralAck(SITE),
    // Config templates: the signed template in, the applied version out.
    topics.centralTemplate(SITE),
    topics.templateStatus(SITE),
    // (the board is a screen topic: screens read it anyway)
    ...topics.uplinkWildcards().filter((t) => !t.endsWith('/board')),
  ];
  it('no device and no anonymous client reads or writes them; the hub does', () => {
    for (const who of [anon, ...devices])
      for (const t of uplink) {
        expect(canSubscribe(who, t, SITE, true), `${JSON.stringify(who)} reads ${t}`).toBe(false);
        if (!t.includes('+')) expect(canPublish(who, t, SITE), `${JSON.stringify(who)} writes ${t}`).toBe(false);
      }
    for (const t of uplink) expect(canSubscribe(hub, t, SITE, false)).toBe(true);
  });
});
