/**
 * Multi-stop visits (一票到底) through the real API: a ticket of A goes on to B then C with the
 * same number; each finish queues the next stop (finish time, or the first issue time where the
 * service keeps it); the phone page and the board say where to go next; the clerk serving the
 * ticket and supervisors change the remaining route, a clerk at another counter, a display and
 * anonymous callers may not; route validation; a restart keeps everything, and a finish cut
 * short between its two writes is repaired at start-up.
 */
import { ApiError, changeRoute, finishStop, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, startTestHubAgain, type TestHub, tempDir } from '../support/hub';

const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // Monday 09:00 in Asia/Shanghai
const MIN = 60_000;
let clock = T0;
let hub: TestHub;
let kiosk: HubClient;
let clerk1: HubClient; // skills A, B
let clerk2: HubClient; // skills B, C
let supervisor: HubClient;
let anon: HubClient;
let display: HubClient;

const threeStops = (cfg: any) => {
  cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
  const [a, b, c] = cfg.services;
  a.route = ['B', 'C'];
  a.where = { zh: '1楼 大厅', en: 'Hall, 1st floor' };
  b.where = { zh: '2楼 东侧', en: '2nd floor, east' };
  c.where = { zh: '3楼 301室', en: 'Room 301, 3rd floor' };
  c.stopArrival = 'original';
};

async function connect(): Promise<void> {
  kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-kiosk-1-token-0001' });
  display = new HubClient({ baseUrl: hub.baseUrl, deviceToken: 'demo-board-1-token-0001' });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  clerk2 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo');
  await clerk2.login('clerk2', 'callboard-demo');
  await supervisor.login('supervisor', 'callboard-demo');
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const token = (trackUrl: string) => trackUrl.split('/t/')[1] as string;

beforeAll(async () => {
  hub = await startTestHub({ dataDir: tempDir(), now: () => clock, patch: threeStops });
  await connect();
});
afterAll(async () => {
  await hub?.close();
});

describe('a three-stop visit A → B → C', () => {
  let issued: Awaited<ReturnType<HubClient['issueTicket']>>;
  let atB: string;

  it('a ticket of A carries the route of its service; the phone page shows stop 1 of 3 and what comes next', async () => {
    issued = await kiosk.issueTicket({ serviceId: 'A' });
    const t = await clerk1.ticket(issued.id);
    expect(t).toMatchObject({ route: ['B', 'C'], stop: 1 });
    const track = await anon.track(token(issued.trackUrl));
    expect(track.route).toEqual({
      stop: 1,
      stops: 3,
      here: { zh: '1楼 大厅', en: 'Hall, 1st floor' },
      next: [
        { serviceId: 'B', name: expect.any(Object), where: { zh: '2楼 东侧', en: '2nd floor, east' } },
        { serviceId: 'C', name: expect.any(Object), where: { zh: '3楼 301室', en: 'Room 301, 3rd floor' } },
      ],
    });
  });

  it('finishing A queues B at once: same number and token, arrival = the finish time; phone page and board say where', async () => {
    clock += MIN;
    expect((await clerk1.callNext('1')).id).toBe(issued.id);
    await clerk1.start(issued.id);
    clock += 5 * MIN;
    const { ticket, next } = await finishStop(clerk1, issued.id, { outcome: 'resolved' });
    expect(ticket).toMatchObject({ status: 'done', transferredTo: next?.id });
    expect(next).toMatchObject({
      number: issued.number,
      serviceId: 'B',
      status: 'waiting',
      stop: 2,
      route: ['C'],
      arrivalAt: clock,
      transferredFrom: issued.id,
      position: 0,
    });
    atB = next?.id as string;
    const track = await anon.track(token(issued.trackUrl));
    expect(track).toMatchObject({ number: issued.number, serviceId: 'B', status: 'waiting' });
    expect(track.route).toMatchObject({
      stop: 2,
      stops: 3,
      here: { zh: '2楼 东侧' },
      from: { serviceId: 'A' },
      past: [{ serviceId: 'A' }],
      next: [{ serviceId: 'C' }],
    });
    const board = hub.queue.board();
    expect(board.moves?.[0]).toMatchObject({
      number: issued.number,
      fromServiceId: 'A',
      serviceId: 'B',
      where: { zh: '2楼 东侧', en: '2nd floor, east' },
    });
  });

  it('route changes: anonymous, a display, and a clerk not serving the ticket are refused', async () => {
    expect((await refused(changeRoute(anon, atB, ['C']))).status).toBe(401);
    expect([401, 403]).toContain((await refused(changeRoute(display, atB, ['C']))).status);
    expect([401, 403]).toContain((await refused(changeRoute(kiosk, atB, ['C']))).status);
    // Waiting at B: nobody serves it yet, so no clerk may change it.
    const waitingErr = await refused(changeRoute(clerk2, atB, ['C', 'A']));
    expect([waitingErr.status, waitingErr.code]).toEqual([403, 'NOT_SERVING_TICKET']);
    clock += MIN;
    expect((await clerk2.callNext('3')).id).toBe(atB);
    // clerk1 has the skill B but serves at counter 1, not this ticket.
    const other = await refused(changeRoute(clerk1, atB, ['C']));
    expect([other.status, other.code]).toEqual([403, 'NOT_SERVING_TICKET']);
    expect((await clerk2.ticket(atB)).route).toEqual(['C']);
  });

  it('route validation: unknown service, the same service twice in a row, too many stops', async () => {
    const unknown = await refused(changeRoute(clerk2, atB, ['C', 'Z']));
    expect([unknown.status, unknown.code, (unknown.details as any).problem]).toEqual([400, 'ROUTE_INVALID', 'unknown_service']);
    const repeat = await refused(changeRoute(clerk2, atB, ['B', 'C']));
    expect([repeat.code, (repeat.details as any).problem]).toEqual(['ROUTE_INVALID', 'repeat']);
    const twice = await refused(changeRoute(clerk2, atB, ['C', 'C']));
    expect((twice.details as any).problem).toBe('repeat');
    const long = await refused(changeRoute(clerk2, atB, ['C', 'A', 'C', 'A', 'C', 'A', 'C', 'A', 'C']));
    expect(long.status).toBe(400);
    expect((await clerk2.ticket(atB)).route).toEqual(['C']);
  });

  it('the clerk serving it adds, reorders and removes remaining stops; a supervisor may too; each change audited', async () => {
    expect((await changeRoute(clerk2, atB, ['A', 'C'])).ticket.route).toEqual(['A', 'C']);
    expect((await changeRoute(clerk2, atB, ['C', 'A'])).ticket.route).toEqual(['C', 'A']);
    expect((await changeRoute(supervisor, atB, ['C'], 'lab not needed')).ticket.route).toEqual(['C']);
    const track = await anon.track(token(issued.trackUrl));
    expect(track.route).toMatchObject({ stop: 2, stops: 3, next: [{ serviceId: 'C' }] });
    const audit = await supervisor.audit({ action: 'ticket.route' });
    const mine = audit.records.filter((r) => r.target === atB);
    expect(mine.length).toBe(3);
    expect(mine.map((r) => (r.details as any).to)).toEqual(expect.arrayContaining([['A', 'C'], ['C', 'A'], ['C']]));
  });

  it('finishing B through "call next" queues C, which keeps the first issue time (services[].stopArrival: original)', async () => {
    await clerk2.start(atB);
    const other = await kiosk.issueTicket({ serviceId: 'B' });
    clock += 4 * MIN;
    expect((await clerk2.callNext('3')).id).toBe(other.id);
    const b = await clerk2.ticket(atB);
    expect(b.status).toBe('done');
    const atC = await supervisor.ticket(b.transferredTo as string);
    expect(atC).toMatchObject({ serviceId: 'C', stop: 3, status: 'waiting', arrivalAt: issued.issuedAt });
    expect(atC.route).toBeUndefined();
    const track = await anon.track(token(issued.trackUrl));
    expect(track.route).toMatchObject({
      stop: 3,
      stops: 3,
      here: { en: 'Room 301, 3rd floor' },
      from: { serviceId: 'B' },
      next: [],
    });
  });

  it('the last stop ends the visit; a restart keeps the chain and the board list', async () => {
    clock += MIN;
    const atC = await supervisor.callNext('4');
    expect(atC.number).toBe(issued.number);
    await supervisor.start(atC.id);
    const { next } = await finishStop(supervisor, atC.id, { outcome: 'resolved' });
    expect(next).toBeUndefined();
    const track = await anon.track(token(issued.trackUrl));
    expect(track).toMatchObject({ status: 'done', serviceId: 'C', route: { stop: 3, stops: 3, next: [] } });
    // A finished ticket's route cannot be changed any more.
    expect((await refused(changeRoute(supervisor, atC.id, ['A']))).code).toBe('ILLEGAL_TRANSITION');
    await hub.close();
    hub = await startTestHubAgain(hub);
    await connect();
    expect((await anon.track(token(issued.trackUrl))).route).toMatchObject({ stop: 3, stops: 3 });
  });

  it('a finish whose next stop was not written (the hub died between the writes) gets it back at start-up', async () => {
    const t = await kiosk.issueTicket({ serviceId: 'A' });
    clock += MIN;
    await clerk1.callNext('1');
    await clerk1.start(t.id);
    const { next } = await finishStop(clerk1, t.id);
    // What a kill -9 between the two appends would leave: the finished stop names a ticket that is not on disk.
    await hub.store.tickets.removeAsync({ _id: next?.id }, {});
    await hub.close();
    hub = await startTestHubAgain(hub);
    await connect();
    const again = await supervisor.ticket(next?.id as string);
    expect(again).toMatchObject({ number: t.number, serviceId: 'B', status: 'waiting', stop: 2, route: ['C'] });
    expect((await anon.track(token(t.trackUrl))).serviceId).toBe('B');
    expect(hub.queue.board().moves?.map((m) => m.number)).toContain(t.number);
  });
});
