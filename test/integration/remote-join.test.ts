/**
 * Joining from a phone, arrival confirmation and "I'm running late" against a real hub (REST,
 * NeDB, the real queue): a remote ticket with arrival confirmation is skipped by call-next until
 * its visitor checks in, then called in its place; unconfirmed past its grace it lapses; the caps
 * hold; "I'm late" moves the ticket and the queue follows.
 */
import { ApiError, HubClient, type IssuedTicket } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const MIN = 60_000;
let clock = Date.UTC(2026, 11, 7, 2, 0); // Monday 10:00 in Asia/Shanghai
let hub: TestHub;
let phone: HubClient;
let walkIn: HubClient;
let supervisor: HubClient;
let kiosk: HubClient;
let board: HubClient;
const token = (t: IssuedTicket) => t.trackUrl.split('/').pop() as string;

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return { status: (err as ApiError).status, code: (err as ApiError).code };
}

beforeAll(async () => {
  hub = await startTestHub({
    now: () => clock,
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      cfg.visitors = {
        siteNetworks: ['127.0.0.0/8', '::1/128'],
        joinWithoutPhone: true,
        joinPerAddressPerHour: 100,
        late: { maxPlaces: 3, maxMoves: 2 },
      };
      for (const s of cfg.services) {
        if (s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 6, arrivalConfirmation: true, graceMin: 5 };
        if (s.id === 'C') s.remoteJoin = { enabled: true, dailyCap: 2, arrivalConfirmation: false };
      }
    },
  });
  phone = new HubClient({ baseUrl: hub.baseUrl });
  walkIn = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  board = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
  await supervisor.login('supervisor', 'callboard-demo');
  await supervisor.openCounter('3');
});
afterAll(async () => {
  await hub?.close();
});

describe('join from a phone', () => {
  it('lists only services that take remote tickets, with their line, estimate and rules', async () => {
    const options = await phone.joinOptions();
    expect(options.services.map((s) => s.serviceId)).toEqual(['B', 'C']);
    expect(options.services[0]).toMatchObject({ joinable: true, arrivalConfirmation: true, graceMin: 5 });
    // The wait a new arrival faces, as the range visitors see everywhere.
    expect(options.services[0]?.estimatedWaitRange?.highSec).toBeGreaterThan(options.services[0]?.estimatedWaitSec ?? 0);
    expect(options.withoutPhone).toBe(true); // 127.0.0.1 is on the configured site network
    expect(options.phoneCodes).toBe(false); // no SMS sender in this hub
  });

  it('a remote ticket with arrival confirmation is skipped by call-next until check-in, then called in its place', async () => {
    const remote = await phone.join({ serviceId: 'B', lang: 'en' });
    clock += MIN;
    const w1 = await walkIn.issueTicket({ serviceId: 'B' });
    clock += MIN;
    const w2 = await walkIn.issueTicket({ serviceId: 'B' });
    expect((await phone.track(token(remote))).arrival).toEqual({ confirmed: false, lapsed: false, graceMin: 5 });
    // It keeps its place: the walk-ins count it ahead of them.
    expect((await walkIn.track(token(w1))).position).toBe(1);

    clock += MIN;
    const first = await supervisor.callNext('3');
    expect(first.number).toBe(w1.number);
    // The skipped call started its grace.
    const skipped = await phone.track(token(remote));
    expect(skipped).toMatchObject({ status: 'waiting', position: 0, arrival: { confirmed: false, lapsesAt: clock + 5 * MIN } });

    clock += MIN;
    const here = await phone.imHere(token(remote));
    expect(here.arrival).toMatchObject({ confirmed: true, lapsed: false });
    clock += MIN;
    const second = await supervisor.callNext('3');
    expect(second.number).toBe(remote.number); // before w2, who came later
    expect((await walkIn.track(token(w2))).position).toBe(0);
    const audit = await supervisor.audit({ action: 'ticket.arrived' });
    expect(audit.records.find((r) => r.target === remote.id)).toMatchObject({ details: { via: 'phone' } });
    await supervisor.callNext('3'); // w2: clear the line for the next test
  });

  it('an unconfirmed ticket lapses once its grace after the first skipped call is over, and says so', async () => {
    const remote = await phone.join({ serviceId: 'B' });
    clock += MIN;
    await walkIn.issueTicket({ serviceId: 'B' });
    clock += MIN;
    await supervisor.callNext('3'); // skips the remote ticket: grace starts
    clock += 4 * MIN;
    expect((await phone.track(token(remote))).status).toBe('waiting');
    clock += MIN + 1;
    const lapsed = await phone.track(token(remote));
    expect(lapsed).toMatchObject({ status: 'cancelled', arrival: { confirmed: false, lapsed: true } });
    expect(await refusal(phone.imHere(token(remote)))).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    const audit = await supervisor.audit({ action: 'ticket.lapse' });
    expect(audit.records.some((r) => r.target === remote.id)).toBe(true);
  });

  it('a kiosk checks a remote visitor in from the QR on the phone; strangers and displays cannot', async () => {
    const remote = await phone.join({ serviceId: 'B' });
    expect(await refusal(phone.checkInArrival(`CBT1:${token(remote)}`))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await refusal(board.checkInArrival(`CBT1:${token(remote)}`))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await phone.track(token(remote))).arrival?.confirmed).toBe(false);
    const shown = await kiosk.checkInArrival(remote.trackUrl);
    expect(shown.number).toBe(remote.number);
    expect((await phone.track(token(remote))).arrival?.confirmed).toBe(true);
    expect(await refusal(kiosk.checkInArrival('CBT1:0123456789abcdef0123456789abcdef'))).toEqual({
      status: 404,
      code: 'TICKET_NOT_FOUND',
    });
    await phone.cancelMyTicket(token(remote));
  });

  it('caps: a service without remote join, and the daily cap of remote tickets', async () => {
    expect(await refusal(phone.join({ serviceId: 'A' }))).toEqual({ status: 409, code: 'REMOTE_JOIN_CLOSED' });
    await phone.join({ serviceId: 'C' });
    await phone.join({ serviceId: 'C' });
    expect(await refusal(phone.join({ serviceId: 'C' }))).toEqual({ status: 429, code: 'REMOTE_JOIN_LIMIT' });
    expect((await phone.joinOptions()).services.find((s) => s.serviceId === 'C')).toMatchObject({
      joinable: false,
      closedBecause: 'full',
    });
  });
});

describe("I'm running late", () => {
  it('moves the ticket back N places, the line and estimates follow, audited, limited per ticket', async () => {
    const mine = await walkIn.issueTicket({ serviceId: 'A' });
    const others: IssuedTicket[] = [];
    for (let i = 0; i < 4; i++) {
      clock += 1000;
      others.push(await walkIn.issueTicket({ serviceId: 'A' }));
    }
    const before = await walkIn.track(token(mine));
    expect(before.late).toEqual({ maxPlaces: 3, movesLeft: 2 });
    const moved = await walkIn.moveMyTicketBack(token(mine), 2);
    expect(moved.position).toBe(before.position + 2);
    expect(moved.estimatedWaitSec).toBeGreaterThanOrEqual(before.estimatedWaitSec);
    expect((await walkIn.track(token(others[0] as IssuedTicket))).position).toBe(before.position);
    expect(await refusal(walkIn.moveMyTicketBack(token(mine), 4))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const last = await walkIn.moveMyTicketBack(token(mine), 'end');
    expect(last.position).toBe(before.position + 4);
    expect(last.late).toBeUndefined();
    expect(await refusal(walkIn.moveMyTicketBack(token(mine), 1))).toEqual({ status: 409, code: 'LATE_LIMIT' });
    const audit = await supervisor.audit({ action: 'ticket.move_back' });
    expect(audit.records.filter((r) => r.target === mine.id)).toHaveLength(2);
    expect(await refusal(walkIn.moveMyTicketBack('0123456789abcdef0123456789abcdef', 1))).toEqual({
      status: 404,
      code: 'TICKET_NOT_FOUND',
    });
  });
});
