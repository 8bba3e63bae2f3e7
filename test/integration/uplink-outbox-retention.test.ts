/**
 * Group pseudonyms (`uplink.groupKey`, docs/personal-data.md) in the uplink's outbox of a site that
 * cannot reach head office: the nightly retention run removes them from days past
 * `retention.identityDays` even though head office never acknowledged those days.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const OLD = 'a1b2c3d4e5f60718';
const RECENT = '0f1e2d3c4b5a6978';
let hub: TestHub;

beforeAll(async () => {
  // Head office is unreachable (nothing listens on port 9): nothing is ever acknowledged.
  hub = await startTestHub({ patch: (raw) => (raw.uplink = { url: 'mqtt://127.0.0.1:9' }) });
});
afterAll(async () => {
  await hub?.close();
});

it('an unacknowledged day past identityDays loses its pseudonyms; a recent one keeps them', async () => {
  const outbox = hub.app.uplinkOutbox;
  if (!outbox) throw new Error('no uplink outbox');
  const visit = (p: string) => [p, 'id-card', 'A', 'A', 1, 2, 'done', 's1'];
  const today = hub.app.queue.businessDate;
  const longAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  await outbox.add({ _id: `daily:${longAgo}`, kind: 'daily', body: { _id: longAgo, groupVisits: [visit(OLD)] }, queuedAt: 1 });
  await outbox.add({ _id: `daily:${today}`, kind: 'daily', body: { _id: today, groupVisits: [visit(RECENT)] }, queuedAt: 2 });
  const report = await hub.retention.runNow();
  // The hub's own nightly run may have got there first (it is due at start): the outcome is what counts.
  expect(report.removed['uplink-outbox']).toBeDefined();
  const [old, recent] = await outbox.pending(10);
  expect(old?.body).toEqual({ _id: longAgo });
  expect(recent?.body).toMatchObject({ _id: today, groupVisits: [visit(RECENT)] });
  const file = readFileSync(path.join(hub.config.dataDir, 'uplink-outbox.db'), 'utf8');
  expect(file).not.toContain(OLD);
  expect(file).toContain(RECENT);
});
