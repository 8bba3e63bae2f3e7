/**
 * The hub's AMI client against the AMI emulator over real TCP: it logs in, reads the events of
 * interleaved calls (also when a message is split mid-line), turns them into ringing / answered
 * / ended, and when the PBX drops every connection it logs in again by itself after its backoff;
 * a wrong secret is refused and retried, never taken for a link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CallEvent, CallTracker } from '../../hub/src/phone/ami/calls';
import { AmiClient } from '../../hub/src/phone/ami/client';
import type { AmiMessage } from '../../hub/src/phone/ami/codec';
import { AmiEmulator, callEvents } from '../../hub/src/phone/ami/emulator';

const ACCOUNT = { username: 'callboard', secret: 'pbx-secret-123' };
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function setUp(secret = ACCOUNT.secret) {
  const pbx = new AmiEmulator(ACCOUNT);
  const port = await pbx.listen();
  const tracker = new CallTracker();
  const calls: CallEvent[] = [];
  const states: boolean[] = [];
  const client = new AmiClient({
    host: '127.0.0.1',
    port,
    username: ACCOUNT.username,
    secret,
    onEvent: (e: AmiMessage) => calls.push(...tracker.handle(e, Date.now())),
    onState: (up) => {
      states.push(up);
      if (!up) tracker.reset();
    },
    firstBackoffMs: 50,
    maxBackoffMs: 200,
  });
  client.start();
  stops.push(
    () => client.stop(),
    () => pbx.close(),
  );
  return { pbx, client, calls, states };
}

describe('the AMI link', () => {
  it('logs in, follows interleaved calls, and logs in again after the PBX drops the link', async () => {
    const { pbx, client, calls, states } = await setUp();
    await expect.poll(() => pbx.connected).toBe(1);
    const a = callEvents({ id: '1733389200.11', caller: '13812345678', extension: '201' }, 'answered');
    const b = callEvents({ id: '1733389200.12', caller: '13900001111', extension: '202' }, 'abandoned');
    pbx.sendSplit([...a.ring, ...b.ring]);
    pbx.send(a.answer);
    pbx.send([...b.end, ...a.end]);
    await expect.poll(() => calls.length).toBe(5);
    expect(calls.map((c) => `${c.type}:${c.callId.slice(-2)}`)).toEqual([
      'ringing:11',
      'ringing:12',
      'answered:11',
      'ended:12',
      'ended:11',
    ]);

    pbx.dropAll();
    await expect.poll(() => client.logins, { timeout: 5000 }).toBe(2);
    expect(states).toEqual([true, false, true]);
    const c = callEvents({ id: '1733389300.13', caller: '13700002222', extension: '201' }, 'abandoned');
    pbx.send([...c.ring, ...c.end]);
    await expect.poll(() => calls.length).toBe(7);
    expect(calls[6]).toMatchObject({ type: 'ended', outcome: 'abandoned', extension: '201' });
  });

  it('a wrong secret is refused and retried with backoff; never a link', async () => {
    const { pbx, client } = await setUp('wrong');
    await expect.poll(() => pbx.refusedLogins, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(client.logins).toBe(0);
    expect(client.up).toBe(false);
  });
});
