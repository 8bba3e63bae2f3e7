/**
 * The PBX link in a real hub: the hub's AMI client logs in to the AMI emulator; clerk1 says
 * their extension (201) at the desk; a call from a number with two earlier visits rings at 201
 * → clerk1's long poll gets the pop (masked number, the two visits, a follow-up still open, the
 * repeat badge) well within a second; answered and hung up, the call is audited as a phone
 * contact with clerk1, the extension and the talk time; a call nobody answers is an abandoned
 * contact. Nothing in clear is kept: the audit entry has the masked number only. The contacts go to
 * the phone-contacts store: the per-hour phone report counts them, a later walk-in of the caller is
 * a repeat contact (phone → visit) in the repeat report, and the person's export lists the calls
 * until their erasure unlinks them.
 */
import { HubClient, reportPhone, screenPops, setExtension } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiEmulator, callEvents } from '../../hub/src/phone/ami/emulator';
import { startTestHub, type TestHub } from '../support/hub';
import { twoEarlierVisits } from '../support/phone-visits';

const PHONE = '13812345678';
const ACCOUNT = { username: 'callboard', secret: 'ami-secret-123' };
let pbx: AmiEmulator;
let hub: TestHub;
let clerk: HubClient;
let supervisor: HubClient;
let clerkId: string;

beforeAll(async () => {
  pbx = new AmiEmulator(ACCOUNT);
  const port = await pbx.listen();
  hub = await startTestHub({
    patch: (cfg) => {
      cfg.phone = { ...cfg.phone, ami: { host: '127.0.0.1', port, ...ACCOUNT } };
    },
  });
  clerk = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  clerkId = (await clerk.me()).staff.id;
  await supervisor.login('supervisor', 'callboard-demo');
  // Two earlier visits of the same person today (a phone identity at the counter), one needing follow-up.
  await twoEarlierVisits(supervisor, PHONE);
  for (let i = 0; i < 200 && pbx.connected < 1; i++) await new Promise((r) => setTimeout(r, 50));
});
afterAll(async () => {
  await hub?.close();
  await pbx?.close();
});

describe('screen-pop from the PBX', () => {
  it('a call ringing at the clerk’s extension pops up with the caller’s history within a second; the contact is recorded', async () => {
    expect(await setExtension(clerk, '201')).toEqual({ extension: '201' });
    const before = await screenPops(clerk);
    expect(before).toEqual({ pops: [], extension: '201' });
    const call = callEvents({ id: '1733389200.21', caller: PHONE, extension: '201' }, 'answered');
    const waiting = screenPops(clerk, 0, 10_000);
    const rangAt = performance.now();
    pbx.send(call.ring);
    const { pops } = await waiting;
    const latencyMs = performance.now() - rangAt;
    console.log(`screen-pop latency ${latencyMs.toFixed(0)} ms`);
    expect(latencyMs).toBeLessThan(1000);
    expect(pops).toHaveLength(1);
    const pop = pops[0];
    expect(pop).toMatchObject({ state: 'ringing', masked: '138****5678', extension: '201', openFollowUps: 1, repeat: true });
    expect(pop?.visits.map((v) => v.outcome)).toEqual(['follow_up', 'resolved']);
    expect(JSON.stringify(pops)).not.toContain(PHONE);

    pbx.send(call.answer);
    const answered = await screenPops(clerk, pop?.seq, 5000);
    expect(answered.pops[0]?.state).toBe('answered');
    pbx.send(call.end);
    await expect
      .poll(async () => (await supervisor.audit({ action: 'phone.contact' })).records.length, { timeout: 5000 })
      .toBe(1);
    const entry = (await supervisor.audit({ action: 'phone.contact' })).records[0];
    expect(entry?.details).toMatchObject({ masked: '138****5678', outcome: 'answered', extension: '201', staffId: clerkId });
    expect(JSON.stringify(entry)).not.toContain(PHONE);
  });

  it('a call abandoned while ringing is recorded as abandoned; a call at an unmapped extension pops up nowhere', async () => {
    const last = (await screenPops(clerk)).pops.at(-1)?.seq ?? 0;
    const abandoned = callEvents({ id: '1733389300.22', caller: '13900001111', extension: '201' }, 'abandoned');
    const elsewhere = callEvents({ id: '1733389300.23', caller: '13700002222', extension: '209' }, 'answered');
    pbx.send([...abandoned.ring, ...elsewhere.ring, ...elsewhere.answer, ...abandoned.end, ...elsewhere.end]);
    await expect
      .poll(async () => (await supervisor.audit({ action: 'phone.contact' })).records.length, { timeout: 5000 })
      .toBe(3);
    const entries = (await supervisor.audit({ action: 'phone.contact' })).records;
    const byMask = new Map(entries.map((e) => [(e.details as { masked: string }).masked, e.details]));
    expect(byMask.get('139****1111')).toMatchObject({ outcome: 'abandoned', extension: '201', staffId: clerkId });
    expect(byMask.get('137****2222')).toMatchObject({ outcome: 'answered', extension: '209' });
    expect((byMask.get('137****2222') as { staffId?: string }).staffId).toBeUndefined();
    const mine = (await screenPops(clerk, last)).pops;
    expect(mine.map((p) => p.masked)).toEqual(['139****1111', '139****1111']); // ringing, then ended
  });

  it('the contacts are in the phone-contacts store: the per-hour report, and a later walk-in is a repeat contact', async () => {
    const phone = await reportPhone(supervisor);
    const total = phone.hours.at(-1);
    // Three calls rang at desks (answered at 201, abandoned at 201, answered at 209): 1 abandoned of 3.
    expect(total).toMatchObject({
      hour: -1,
      offered: 3,
      answered: 2,
      abandoned: 1,
      callbacksEnded: 0,
      callbackSuccessRate: null,
    });
    expect(total?.abandonRate).toBeCloseTo(1 / 3, 12);
    expect(phone.days).toEqual([phone.to]);
    expect(JSON.stringify(phone)).not.toContain(PHONE);

    // The caller of the first call walks in afterwards and is served: a repeat of clerk1's call.
    await supervisor.openCounter('1');
    const t = await supervisor.issueTicket({ serviceId: 'A', identity: { kind: 'phone', value: PHONE } });
    await supervisor.callNext('1');
    await supervisor.start(t.id);
    await supervisor.finish(t.id, { outcome: 'resolved' });
    await supervisor.closeCounter('1');
    const repeats = await supervisor.reportRepeats({ windowHours: 24 });
    expect(repeats.channels).toContainEqual({ fromChannel: 'phone', toChannel: 'visit', count: 1 });
    // The earlier visits were asked again by phone: the first of them → the call (visit → phone).
    expect(repeats.channels).toContainEqual({ fromChannel: 'visit', toChannel: 'phone', count: 1 });
    expect(repeats.byClerkService).toContainEqual(
      expect.objectContaining({ staffId: clerkId, serviceId: '', servedVisits: 1, repeated: 1 }),
    );
    const pairs = await supervisor.reportRepeatPairs({ windowHours: 24, staffId: clerkId });
    expect(pairs.pairs).toHaveLength(1);
    expect(pairs.pairs[0]).toMatchObject({ identityMasked: '138****5678', first: { channel: 'phone', staffId: clerkId } });
    expect(pairs.pairs[0]?.repeat.number).toBe(t.number);
  });

  it('a person’s export lists their calls; their erasure unlinks them (the contacts stay, anonymous)', async () => {
    const person = { identity: { kind: 'phone' as const, value: PHONE } };
    const exported = await supervisor.exportPersonalData(person);
    expect(exported.calls).toHaveLength(1);
    expect(exported.calls[0]).toMatchObject({ kind: 'inbound', outcome: 'answered', extension: '201', staffId: clerkId });
    expect(JSON.stringify(exported)).not.toContain(PHONE);
    expect(exported.calls[0]).not.toHaveProperty('callerHmac');
    const erased = await supervisor.erasePersonalData(person);
    expect(erased.erased['phone-contacts']).toEqual({ calls: 1 });
    expect((await supervisor.exportPersonalData(person)).calls).toEqual([]);
    // Still counted: three calls offered.
    expect((await reportPhone(supervisor)).hours.at(-1)?.offered).toBe(3);
  });

  it('a caller with no visit but an earlier call this week pops up with that call and the repeat badge', async () => {
    const last = (await screenPops(clerk)).pops.at(-1)?.seq ?? 0;
    // 139****1111 hung up before answer earlier (the second test): one call, no visit.
    const again = callEvents({ id: '1733389900.41', caller: '13900001111', extension: '201' }, 'abandoned');
    const waiting = screenPops(clerk, last, 10_000);
    pbx.send(again.ring);
    const [pop] = (await waiting).pops;
    expect(pop).toMatchObject({ state: 'ringing', masked: '139****1111', visits: [], calls: 1, repeat: true });
    pbx.send(again.end);
  });
});
