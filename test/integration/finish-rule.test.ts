/**
 * Two set-up choices every staff screen follows, edited live on the set-up page: the priority
 * classes' display names per language, and the site rule that a clerk chooses the outcome of every
 * visit (`queue.outcomeRequired`). With the rule, a finish without an outcome and a "call next"
 * that would finish the visit at the counter by itself are refused with OUTCOME_REQUIRED — and
 * only to someone who may act on that visit: a stranger learns nothing about it.
 */
import { HubClient, type SiteSetup, topics } from '@callboard/hub/client';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';
import { refusal } from '../support/refusal';

let hub: TestHub;
let admin: HubClient;
let clerk1: HubClient;
let clerk2: HubClient;
let anon: HubClient;

beforeAll(async () => {
  // Counter 1 has a hardware call pad on bridge-1 (its keys arrive as the bridge's button events).
  hub = await startTestHub({ patch: (raw) => (raw.counters[0].pad = { deviceId: 'bridge-1', padId: 'pad' }) });
  admin = new HubClient({ baseUrl: hub.baseUrl });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  clerk2 = new HubClient({ baseUrl: hub.baseUrl });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  await admin.login('admin', 'callboard-admin');
  await clerk1.login('clerk1', 'callboard-demo'); // skills A, B
  await clerk2.login('clerk2', 'callboard-demo'); // skills B, C
});
afterAll(async () => hub?.close());

/** The set-up in effect with `queue` changed as `edit` says, saved as an admin. */
async function saveQueue(edit: (queue: NonNullable<SiteSetup['queue']>) => NonNullable<SiteSetup['queue']>) {
  const state = await admin.adminSetup();
  return admin.saveSetup({ ...state.setup, queue: edit(state.setup.queue ?? {}) }, state.version);
}

describe('class names and the outcome rule', () => {
  it('names the shipped classes in both languages, and requires no outcome by default', async () => {
    const catalogue = await anon.catalogue();
    expect(catalogue.outcomeRequired).toBe(false);
    expect(catalogue.classes.map((c) => c.id)).toEqual(['appointment', 'priority', 'return', 'normal']);
    expect(catalogue.classes.find((c) => c.id === 'normal')?.name).toEqual({ zh: '普通', en: 'Normal' });
    expect(catalogue.classes.find((c) => c.id === 'return')?.name).toEqual({ zh: '回访', en: 'Returning' });
  });

  it('takes the names and the rule from the set-up page, language by language over the defaults', async () => {
    await saveQueue((q) => ({
      ...q,
      outcomeRequired: true,
      priorities: [
        { id: 'appointment', appointment: true },
        { id: 'priority', minAge: 70, name: { zh: '老年人优先' } },
        { id: 'veteran', name: { en: 'Veterans' } },
        'normal',
      ],
    }));
    const { classes, outcomeRequired } = await anon.catalogue();
    expect(outcomeRequired).toBe(true);
    expect(classes.find((c) => c.id === 'priority')?.name).toEqual({ zh: '老年人优先', en: 'Priority' });
    expect(classes.find((c) => c.id === 'veteran')?.name).toEqual({ en: 'Veterans' });
    expect((await refusal(clerk1.saveSetup((await admin.adminSetup()).setup))).status).toBe(403);
    // Reports name the classes the same way (their labels).
    const supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    expect((await supervisor.reportKpis()).labels.classes.priority).toEqual({ zh: '老年人优先', en: 'Priority' });
  });

  it('refuses a finish without an outcome, and finishes with one', async () => {
    await clerk1.openCounter('1');
    const issued = await anon.issueTicket({ serviceId: 'A' });
    const called = await clerk1.callNext('1');
    expect(called.id).toBe(issued.id);
    await clerk1.start(called.id);

    // Anonymous callers and a clerk who does not hold the visit learn nothing about the rule or the visit.
    expect((await refusal(anon.finish(called.id))).status).toBe(401);
    const other = await refusal(clerk2.finish(called.id));
    expect(other.code).not.toBe('OUTCOME_REQUIRED');
    expect([403, 404, 409]).toContain(other.status);

    const refused = await refusal(clerk1.finish(called.id));
    expect(refused.status).toBe(409);
    expect(refused.code).toBe('OUTCOME_REQUIRED');
    expect(refused.details).toMatchObject({ ticketId: called.id, number: called.number });
    expect((await clerk1.ticket(called.id)).status).toBe('serving');

    const done = await clerk1.finish(called.id, { outcome: 'follow_up' });
    expect(done).toMatchObject({ status: 'done', outcome: 'follow_up' });
  });

  it('does not let "call next" finish the visit at the counter, and changes nothing when it refuses', async () => {
    const first = await anon.issueTicket({ serviceId: 'A' });
    const second = await anon.issueTicket({ serviceId: 'A' });
    const called = await clerk1.callNext('1');
    expect(called.id).toBe(first.id);

    const refused = await refusal(clerk1.callNext('1'));
    expect(refused.code).toBe('OUTCOME_REQUIRED');
    expect(refused.details).toMatchObject({ ticketId: first.id });
    expect((await clerk1.ticket(first.id)).status).toBe('called');
    expect((await clerk1.ticket(second.id)).status).toBe('waiting');
    expect((await anon.counters()).find((c) => c.id === '1')?.current?.number).toBe(first.number);

    await clerk1.start(first.id);
    await clerk1.finish(first.id, { outcome: 'resolved' });
    expect((await clerk1.callNext('1')).id).toBe(second.id);
  });

  it("refuses the call pad's finish and next keys too: a pad cannot choose an outcome", async () => {
    const visitor = (await anon.counters()).find((c) => c.id === '1')?.current;
    expect(visitor?.status).toBe('called');
    const bridge = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: 'bridge-1',
      password: 'demo-bridge-1-token-0001',
    });
    // A refused key makes the pad beep: the hub sends the bridge a beep command once it has said no.
    const beeps: unknown[] = [];
    bridge.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as { type?: string; peripheral?: string };
      if (command.type === 'beep' && command.peripheral === 'pad') beeps.push(command);
    });
    await bridge.subscribeAsync(topics.deviceCommands(hub.config.site.id, 'bridge-1'), { qos: 1 });
    try {
      for (const button of ['finish', 'next']) {
        const event = { v: 1, peripheral: 'pad', at: Date.now(), type: 'button', button };
        await bridge.publishAsync(topics.deviceEvents(hub.config.site.id, 'bridge-1'), JSON.stringify(event), { qos: 1 });
        await expect.poll(() => beeps.length, { timeout: 10_000, interval: 100 }).toBe(button === 'finish' ? 1 : 2);
      }
      // Both presses were taken as the clerk's, and neither ended the visit nor called anyone.
      expect((await supervisorAudit('pad.press')).length).toBe(2);
      expect((await clerk1.ticket(visitor?.id ?? '')).status).toBe('called');
      expect((await anon.counters()).find((c) => c.id === '1')?.current?.id).toBe(visitor?.id);
    } finally {
      await bridge.endAsync();
    }
  });

  it('lets "call next" finish the visit by itself again once the rule is off', async () => {
    await saveQueue((q) => ({ ...q, outcomeRequired: false }));
    const next = await anon.issueTicket({ serviceId: 'A' });
    const current = (await anon.counters()).find((c) => c.id === '1')?.current;
    expect(current?.status).toBe('called');
    expect((await clerk1.callNext('1')).id).toBe(next.id);
    expect((await clerk1.ticket(current?.id ?? '')).outcome).toBe('resolved');
  });
});

/** Today's audit entries of `action`, as a supervisor reads them. */
async function supervisorAudit(action: string) {
  const supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  return (await supervisor.audit({ action })).records;
}
