import { describe, expect, it, vi } from 'vitest';
import type { NotifyRepository, OutboxDoc } from '../store';
import { Outbox } from './outbox';
import { PhoneBook } from './phone-book';
import { PhoneVault } from './phone-vault';
import type { OutgoingSms, SendOutcome, SmsTransport } from './transport';

const SECRET = 'a-site-secret-of-at-least-32-characters!!';
const PHONE = '13812345678';
/** The text most tests send: A023's "3 ahead" to a typed phone, in Chinese. */
const AHEAD_TEXT = {
  to: { phone: PHONE },
  purpose: 'ahead',
  template: 'ahead',
  lang: 'zh',
  vars: { number: 'A023', ahead: 3 },
} as const;

function memoryRepo() {
  const docs = new Map<string, OutboxDoc>();
  const repo = {
    pendingMessages: async () => [...docs.values()].filter((d) => d.state === 'queued'),
    addMessage: async (d: OutboxDoc) => void docs.set(d._id, structuredClone(d)),
    saveMessage: async (d: OutboxDoc) => void docs.set(d._id, structuredClone(d)),
    phones: async () => [],
    keepPhone: async () => undefined,
    erasePhones: async () => undefined,
  };
  return { docs, repo: repo as unknown as NotifyRepository };
}

class ScriptedTransport implements SmsTransport {
  readonly name = 'scripted';
  readonly sent: OutgoingSms[] = [];
  onReceipt?: SmsTransport['onReceipt'];
  constructor(private readonly outcomes: (SendOutcome | 'hang')[]) {}
  send(sms: OutgoingSms): Promise<SendOutcome> {
    this.sent.push(sms);
    const next = this.outcomes.shift() ?? { ok: true };
    return next === 'hang' ? new Promise(() => undefined) : Promise.resolve(next);
  }
  async close() {}
}

function setup(outcomes: (SendOutcome | 'hang')[], maxAttempts = 3) {
  const { docs, repo } = memoryRepo();
  const transport = new ScriptedTransport(outcomes);
  const alerts: string[] = [];
  const outbox = new Outbox({
    repo,
    phones: new PhoneBook(repo, new PhoneVault(SECRET)),
    transport,
    alerts: { raise: (kind, subject) => alerts.push(`${kind}:${subject}`) },
    log: { info: () => undefined, warn: () => undefined },
    now: Date.now,
    retry: { maxAttempts, firstMs: 10, maxMs: 20 },
    sendTimeoutMs: 200,
    siteName: { zh: '市民中心', en: 'Civic Centre' },
  });
  const settled = (id: string) =>
    new Promise<OutboxDoc>((resolve) => {
      const off = outbox.onChange((d) => {
        if (d._id === id && d.state !== 'queued') {
          off();
          resolve(structuredClone(d));
        }
      });
    });
  return { docs, transport, alerts, outbox, settled };
}

/** Sends one text, closes the outbox while the network holds it, then gives the network's `outcome`. */
async function closeWhileInFlight(outcome: SendOutcome) {
  const { docs, transport, outbox } = setup([]);
  let answer: (o: SendOutcome) => void = () => undefined;
  transport.send = (sms) => {
    transport.sent.push(sms);
    return new Promise((resolve) => (answer = resolve));
  };
  await outbox.start();
  const { id } = outbox.send(AHEAD_TEXT);
  await vi.waitFor(() => expect(transport.sent).toHaveLength(1));
  const closed = outbox.close();
  answer(outcome);
  await closed;
  return { docs, id };
}

describe('outbox', () => {
  it('sends a text in the visitor’s language and keeps no number once it is sent', async () => {
    const { docs, transport, outbox, settled } = setup([{ ok: true, refs: ['7'] }]);
    await outbox.start();
    const { id } = outbox.send(AHEAD_TEXT);
    const done = await settled(id);
    expect(done.state).toBe('sent');
    expect(transport.sent).toEqual([{ id, to: PHONE, text: 'A023号：前面还有3人，请回到候诊区。【市民中心】' }]);
    expect(docs.get(id)?.toSealed).toBeUndefined();
    expect(JSON.stringify([...docs.values()])).not.toContain(PHONE);
    expect(docs.get(id)?.toMasked).toBe('138****5678');
  });

  it('queues without waiting for the transport: send() returns while the modem has not answered', async () => {
    const { outbox, settled } = setup(['hang', 'hang', 'hang']);
    await outbox.start();
    const { id } = outbox.send({
      to: { phone: PHONE },
      purpose: 'called',
      template: 'called',
      lang: 'en',
      vars: { number: 'A1' },
    });
    expect(outbox.waiting).toBe(1);
    expect(typeof id).toBe('string');
    // The transport hangs; the outbox's own timeout fails the try, retried, then given up.
    const done = await settled(id);
    expect(done.state).toBe('failed');
  });

  it('retries a failed text with a bound, then gives it up and alerts the supervisor', async () => {
    const fail = { ok: false as const, reason: '+CMS ERROR: 38' };
    const { transport, alerts, outbox, settled, docs } = setup([fail, fail, fail, fail]);
    await outbox.start();
    const { id } = outbox.send({
      to: { phone: PHONE },
      purpose: 'ahead',
      template: 'ahead',
      lang: 'en',
      vars: { number: 'A1', ahead: 3 },
    });
    const done = await settled(id);
    expect(done.state).toBe('failed');
    expect(done.attempts).toBe(3);
    expect(transport.sent).toHaveLength(3);
    expect(alerts).toContain('sms_failed:ahead');
    expect(alerts).toContain('sms_transport_down:scripted');
    expect(docs.get(id)?.toSealed).toBeUndefined();
    expect(docs.get(id)?.lastError).toBe('+CMS ERROR: 38');
  });

  it('does not retry what cannot succeed', async () => {
    const { transport, outbox, settled } = setup([{ ok: false, reason: 'number refused', permanent: true }]);
    await outbox.start();
    const { id } = outbox.send({ to: { phone: PHONE }, purpose: 'code', template: 'code', lang: 'en', vars: { code: '123456' } });
    expect((await settled(id)).state).toBe('failed');
    expect(transport.sent).toHaveLength(1);
  });

  it('recovers after a transient failure, and marks the text delivered on the delivery report', async () => {
    const { transport, outbox, settled } = setup([
      { ok: false, reason: 'ERROR' },
      { ok: true, refs: ['12'] },
    ]);
    await outbox.start();
    const { id } = outbox.send({
      to: { phone: PHONE },
      purpose: 'called',
      template: 'called',
      lang: 'en',
      vars: { number: 'A1' },
    });
    expect((await settled(id)).state).toBe('sent');
    const delivered = new Promise<OutboxDoc>((resolve) => outbox.onChange((d) => d.state === 'delivered' && resolve(d)));
    transport.onReceipt?.({ ref: '12', delivered: true });
    expect((await delivered)._id).toBe(id);
    expect(outbox.stats).toMatchObject({ sent: 1, retries: 1, delivered: 1, failed: 0 });
  });

  it('closing waits for the answer to a text in flight: one the network took is recorded sent, not sent again', async () => {
    const { docs, id } = await closeWhileInFlight({ ok: true, refs: ['9'] });
    expect(docs.get(id)?.state).toBe('sent');
    expect(docs.get(id)?.toSealed).toBeUndefined();
  });

  it('closing leaves a text whose try failed queued for the next start', async () => {
    const { docs, id } = await closeWhileInFlight({ ok: false, reason: 'link lost' });
    expect(docs.get(id)?.state).toBe('queued');
    expect(docs.get(id)?.toSealed).toBeDefined();
  });

  it('refuses, before queuing, a number that is not one and a ticket with no phone kept', () => {
    const { outbox } = setup([]);
    expect(() => outbox.send({ to: { phone: 'x' }, purpose: 'code', template: 'code', lang: 'en', vars: {} })).toThrow();
    expect(() => outbox.send({ to: { ref: 'ticket:nope' }, purpose: 'ahead', template: 'ahead', lang: 'en', vars: {} })).toThrow(
      /no phone/,
    );
    expect(outbox.waiting).toBe(0);
  });
});

describe('a person’s erasure', () => {
  it('erases every phone kept under their hash and withdraws the texts still waiting for them', async () => {
    const { repo } = memoryRepo();
    const phones = new PhoneBook(repo, new PhoneVault(SECRET));
    const a = phones.keep('ticket:1', PHONE, Date.now() + 60_000, Date.now());
    phones.keep('appointment:9', `+86${PHONE}`, Date.now() + 60_000, Date.now());
    phones.keep('ticket:2', '15987654321', Date.now() + 60_000, Date.now());
    expect(await phones.eraseHmac(a.hmac)).toBe(2);
    expect(phones.has('ticket:1') || phones.has('appointment:9')).toBe(false);
    expect(phones.has('ticket:2')).toBe(true);
  });
});
