/**
 * Who may take a ticket, and what the answer tells them — tried as an attacker on the site's LAN
 * would: from many source addresses, with a display's stolen token, with someone else's phone
 * number, asking for priority or an appointment time nobody booked. Each case names what an
 * anonymous client, a display token and a clerk must not be able to do, and what kiosks and
 * staff must still be able to do afterwards.
 */
import { request } from 'node:http';
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';
const BOARD_TOKEN = 'demo-board-1-token-0001';
const hubs: TestHub[] = [];

afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});
afterAll(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

async function hub(patch: (raw: any) => void = () => {}): Promise<TestHub> {
  const h = await startTestHub({ patch });
  hubs.push(h);
  return h;
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the hub to refuse');
}

/** A plain anonymous POST /tickets from the loopback address `from` (127.0.0.x). */
function postFrom(base: string, from: string, body: object): Promise<{ status: number; body: any }> {
  const url = new URL('/api/v1/tickets', base);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const clients = async (h: TestHub) => {
  const supervisor = new HubClient({ baseUrl: h.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  return {
    anon: new HubClient({ baseUrl: h.baseUrl }),
    kiosk: new HubClient({ baseUrl: h.baseUrl, deviceToken: KIOSK_TOKEN }),
    board: new HubClient({ baseUrl: h.baseUrl, deviceToken: BOARD_TOKEN }),
    supervisor,
  };
};

describe('nobody can end a service’s day', () => {
  it('by default a site takes no anonymous tickets; kiosks and staff are unaffected', async () => {
    const h = await hub((raw) => {
      delete raw.issuing;
    });
    const { anon, kiosk, supervisor } = await clients(h);
    const e = await refused(anon.issueTicket({ serviceId: 'A' }));
    expect([e.status, e.code]).toEqual([403, 'ISSUE_NOT_ALLOWED']);
    expect(e.message).toMatch(/kiosk/);
    expect((await kiosk.issueTicket({ serviceId: 'A' })).number).toBe('A001');
    expect((await supervisor.issueTicket({ serviceId: 'A' })).number).toBe('A002');
  });

  it('a flood from 8 addresses is capped per service and per address, and kiosks and staff still get tickets', async () => {
    const h = await hub((raw) => {
      raw.issuing = { anonymous: true, anonymousPerServicePerHour: 20, anonymousPerAddressPerHour: 6 };
      raw.rateLimit = { ticketsPerMinutePerClient: 1000 };
    });
    const { kiosk, supervisor } = await clients(h);
    const statuses: number[] = [];
    const codes = new Set<string>();
    for (let round = 0; round < 10; round++)
      for (let a = 1; a <= 8; a++) {
        const r = await postFrom(h.baseUrl, `127.0.0.${a}`, { serviceId: 'A' });
        statuses.push(r.status);
        if (r.status !== 201) codes.add(r.body?.error?.code);
      }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60);
    expect([...codes]).toEqual(['ISSUE_LIMIT']);
    // One address alone stops at its own cap, on a service the flood did not reach.
    const fromOne: number[] = [];
    for (let i = 0; i < 8; i++) fromOne.push((await postFrom(h.baseUrl, '127.0.0.9', { serviceId: 'B' })).status);
    expect(fromOne).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
    // The day goes on for everyone a site vouches for.
    expect((await kiosk.issueTicket({ serviceId: 'A' })).number).toBe('A021');
    expect((await supervisor.issueTicket({ serviceId: 'A' })).number).toBe('A022');
    const alerts = (await supervisor.floor()).alerts;
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'anonymous_issue_limited', subject: 'A' }));
  });

  it('a number range never runs out: it goes on one digit wider, on the board too, and the supervisor is told at 80 %', async () => {
    const h = await hub((raw) => {
      const a = raw.services.find((s: { id: string }) => s.id === 'A');
      a.numberRange = [990, 999];
    });
    const { kiosk, supervisor } = await clients(h);
    const numbers: string[] = [];
    for (let i = 0; i < 8; i++) numbers.push((await kiosk.issueTicket({ serviceId: 'A' })).number);
    expect(numbers.at(-1)).toBe('A997');
    expect((await supervisor.floor()).alerts).toContainEqual(
      expect.objectContaining({ kind: 'number_range_high', subject: 'A', severity: 'warning', percent: 80 }),
    );
    numbers.push((await kiosk.issueTicket({ serviceId: 'A' })).number, (await kiosk.issueTicket({ serviceId: 'A' })).number);
    const wider = await supervisor.issueTicket({ serviceId: 'A' });
    expect(numbers.slice(-2)).toEqual(['A998', 'A999']);
    expect(wider.number).toBe('A1000');
    expect((await kiosk.issueTicket({ serviceId: 'A' })).number).toBe('A1001');
    expect((await supervisor.floor()).alerts).toContainEqual(
      expect.objectContaining({ kind: 'number_range_high', subject: 'A', severity: 'critical' }),
    );
    // Called and shown like any other number.
    await supervisor.openCounter('1');
    const called = await supervisor.callNext('1');
    expect(called.number).toBe('A990');
    const waiting = (await supervisor.waiting('1')).services.flatMap((s) => s.tickets.map((t) => t.number));
    expect(waiting).toContain('A1000');
  });
});

describe('an answer tells a stranger nothing about another person’s ticket', () => {
  it('an anonymous caller cannot present a phone or ID number, so cannot learn the ticket it holds', async () => {
    const h = await hub();
    const { anon, kiosk } = await clients(h);
    const phone = { kind: 'phone' as const, value: '+86 138-1234-5678' };
    const held = await kiosk.issueTicket({ serviceId: 'B', identity: phone });
    const e = await refused(anon.issueTicket({ serviceId: 'B', identity: phone }));
    expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
    expect(JSON.stringify(e.details ?? null)).not.toContain(held.id);
    expect(e.message).not.toContain(held.number);
    // Whether or not the number holds a ticket, the answer is the same.
    const other = await refused(anon.issueTicket({ serviceId: 'B', identity: { kind: 'phone', value: '13900001111' } }));
    expect([other.status, other.code, other.message]).toEqual([e.status, e.code, e.message]);
    // The paired kiosk where the visitor stands is told, so it can show their ticket again.
    const again = await refused(kiosk.issueTicket({ serviceId: 'B', identity: phone }));
    expect(again.code).toBe('ALREADY_WAITING');
    expect((again.details as { ticket: { id: string } }).ticket.id).toBe(held.id);
  });
});

describe('device kinds and appointment priority', () => {
  it('a display’s token issues nothing, even with an identity or an appointment time', async () => {
    const h = await hub();
    const { board } = await clients(h);
    for (const body of [
      { serviceId: 'A' },
      { serviceId: 'C', appointment: { at: Date.now() } },
      { serviceId: 'B', identity: { kind: 'phone' as const, value: '13800001111' } },
    ]) {
      const e = await refused(board.issueTicket(body));
      expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(h.queue.ticketCount()).toBe(0);
  });

  it('appointment priority only from the appointment book (or staff), never from a kiosk’s say-so', async () => {
    const h = await hub();
    const { kiosk, supervisor } = await clients(h);
    const e = await refused(kiosk.issueTicket({ serviceId: 'C', appointment: { at: Date.now() } }));
    expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
    expect(e.message).toMatch(/check-in/);
    expect(h.queue.ticketCount()).toBe(0);
    const staffMade = await supervisor.issueTicket({ serviceId: 'C', appointment: { at: Date.now() } });
    expect((await supervisor.ticket(staffMade.id)).source).toBe('appointment');
  });
});

describe('priority classes', () => {
  it('anonymous callers and kiosks cannot choose a class unless the site lets visitors declare it; staff can', async () => {
    const h = await hub();
    const { anon, kiosk, supervisor } = await clients(h);
    expect((await refused(anon.issueTicket({ serviceId: 'A', priority: 'priority' }))).code).toBe('FORBIDDEN');
    expect((await refused(kiosk.issueTicket({ serviceId: 'A', priority: 'priority' }))).code).toBe('FORBIDDEN');
    expect(h.queue.ticketCount()).toBe(0);
    const t = await supervisor.issueTicket({ serviceId: 'A', priority: 'priority' });
    expect((await supervisor.ticket(t.id)).priority).toBe('priority');
  });

  it('a site may let its kiosks offer priority classes (still not anonymous callers)', async () => {
    const h = await hub((raw) => {
      raw.issuing = { ...raw.issuing, selfDeclaredPriority: true };
    });
    const { anon, kiosk, supervisor } = await clients(h);
    const t = await kiosk.issueTicket({ serviceId: 'A', priority: 'priority' });
    expect((await supervisor.ticket(t.id)).priority).toBe('priority');
    expect((await refused(anon.issueTicket({ serviceId: 'A', priority: 'priority' }))).code).toBe('FORBIDDEN');
  });
});

describe('a clerk stays within their services', () => {
  it('clerk1 (A, B) can neither cancel a C ticket nor read counter 4’s waiting list; clerk2 (B, C) can', async () => {
    const h = await hub();
    const { kiosk } = await clients(h);
    const clerk1 = new HubClient({ baseUrl: h.baseUrl });
    await clerk1.login('clerk1', 'callboard-demo');
    const clerk2 = new HubClient({ baseUrl: h.baseUrl });
    await clerk2.login('clerk2', 'callboard-demo');
    const c = await kiosk.issueTicket({ serviceId: 'C' });
    const cancel = await refused(clerk1.cancel(c.id));
    expect([cancel.status, cancel.code]).toEqual([403, 'FORBIDDEN']);
    expect((await clerk2.ticket(c.id)).status).toBe('waiting');
    const waiting = await refused(clerk1.waiting('4'));
    expect([waiting.status, waiting.code]).toEqual([403, 'FORBIDDEN_COUNTER']);
    const seen = await clerk2.waiting('4');
    expect(seen.services.flatMap((s) => s.tickets.map((t) => t.number))).toContain(c.number);
    expect((await clerk2.cancel(c.id)).status).toBe('cancelled');
  });
});
