/**
 * A person's erasure at a site of a group (`uplink.groupKey`) names their group pseudonym for head
 * office even when this site holds nothing of them (they came only to another site of the group):
 * from a typed number, and from an ID card read at an armed reader (the number is not kept; the
 * pseudonym is computed at the read). Head office is unreachable here: the erasure waits in the
 * outbox (docs/personal-data.md, "Head office").
 */
import { HubClient } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { topics } from '../../hub/src/protocol';
import { idCheckChar } from '../../hub/src/protocol/id-number';
import { groupPseudonym } from '../../hub/src/security';
import { until } from '../support/central-ready';
import { startTestHub, type TestHub } from '../support/hub';

const GROUP_KEY = 'east-region-group-key-0123456789abcdef';
const TYPED = '11010519491231002X';
const ON_CARD = `44030419900307123${idCheckChar('44030419900307123')}`;
let hub: TestHub;
let bridge: mqtt.MqttClient;
let supervisor: HubClient;

beforeAll(async () => {
  // Head office is unreachable (nothing listens on port 9): nothing is ever acknowledged.
  hub = await startTestHub({ patch: (raw) => (raw.uplink = { url: 'mqtt://127.0.0.1:9', groupKey: GROUP_KEY }) });
  bridge = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    protocolVersion: 4,
    username: 'bridge-1',
    password: 'demo-bridge-1-token-0001',
  });
  // The bridge reports its ID card reader, as the firmware-bridge does.
  await bridge.publishAsync(
    topics.deviceStatus('demo', 'bridge-1'),
    JSON.stringify({
      v: 1,
      state: 'online',
      detail: { version: 'test', peripherals: [{ id: 'reader', kind: 'idcard-sam', connected: true, port: '/dev/null' }] },
    }),
    { qos: 1, retain: true },
  );
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await until('the reader known', async () => hub.app.devices.registry.hasCardReader('bridge-1'), Boolean);
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await bridge?.endAsync(true);
  await hub?.close();
});

const erasuresWaiting = async () =>
  ((await hub.app.uplinkOutbox?.pending(100)) ?? []).filter((d) => d.kind === 'erasure').map((d) => d.body.groups);

it('a typed number: its pseudonym goes to head office', async () => {
  await supervisor.erasePersonalData({ identity: { kind: 'id-card', value: TYPED } });
  expect(await erasuresWaiting()).toEqual([[groupPseudonym('id-card', TYPED, GROUP_KEY)]]);
});

it('an ID card read at an armed reader: its pseudonym goes to head office, and no ticket is issued', async () => {
  const { readId } = await supervisor.armCardReader('bridge-1');
  await bridge.publishAsync(
    topics.deviceEvents('demo', 'bridge-1'),
    JSON.stringify({ v: 1, at: Date.now(), type: 'card', peripheral: 'reader', card: { kind: 'resident', idNumber: ON_CARD } }),
    { qos: 1 },
  );
  await until(
    'the card read',
    () => supervisor.cardRead(readId),
    (r) => r.state === 'read',
  );
  await supervisor.erasePersonalData({ cardRead: readId });
  expect(await erasuresWaiting()).toEqual([
    [groupPseudonym('id-card', TYPED, GROUP_KEY)],
    [groupPseudonym('id-card', ON_CARD, GROUP_KEY)],
  ]);
  expect(hub.app.queue.views.queueSummary().reduce((n, s) => n + s.waiting, 0)).toBe(0);
});
