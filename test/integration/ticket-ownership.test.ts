/**
 * Ticket ownership over real HTTP: a clerk acts only on the visitor called at the counter they
 * are signed in at. Another clerk — even one trained for the service — gets
 * `409 NOT_COUNTER_TICKET` for every action and the ticket is left as it was; a supervisor may
 * act on any ticket.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: Hub & { baseUrl: string };
let anon: HubClient;
let clerk1: HubClient;
let clerk2: HubClient;
let supervisor: HubClient;

beforeAll(async () => {
  hub = await startTestHub();
  anon = new HubClient({ baseUrl: hub.baseUrl });
  clerk1 = new HubClient({ baseUrl: hub.baseUrl });
  clerk2 = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await clerk1.login('clerk1', 'callboard-demo'); // skills A, B
  await clerk2.login('clerk2', 'callboard-demo'); // skills B, C
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await hub?.close();
});

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string } | 'allowed'> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: err.status, code: err.code };
  }
}

it('refuses every action of another clerk on a ticket called at a clerk’s counter, and allows a supervisor', async () => {
  // A B ticket, which both clerks are trained for, called by clerk1 at counter 2 (A, B).
  const issued = await anon.issueTicket({ serviceId: 'B' });
  const called = await clerk1.callNext('2');
  expect(called).toMatchObject({ id: issued.id, status: 'called', counterId: '2' });

  const refused = { status: 409, code: 'NOT_COUNTER_TICKET' };
  const attempts: [string, () => Promise<unknown>][] = [
    ['recall', () => clerk2.recall(issued.id)],
    ['start', () => clerk2.start(issued.id)],
    ['finish', () => clerk2.finish(issued.id)],
    ['no-show', () => clerk2.noShow(issued.id)],
    ['cancel', () => clerk2.cancel(issued.id)],
    ['transfer', () => clerk2.transfer(issued.id, { serviceId: 'C' })],
  ];
  for (const [action, attempt] of attempts) expect(await refusal(attempt()), action).toEqual(refused);
  // Nothing changed: still called at counter 2, never recalled, no continuation in C.
  const unchanged = await supervisor.ticket(issued.id);
  expect(unchanged).toMatchObject({ status: 'called', counterId: '2', recalls: 0 });
  expect(unchanged.events.map((e) => e.type)).toEqual(['issued', 'called']);
  expect((await supervisor.queue()).services.find((s) => s.serviceId === 'C')?.waiting).toBe(0);

  // The clerk at the counter may act on it; a supervisor may act on it although it is not theirs.
  expect(await refusal(clerk1.recall(issued.id))).toBe('allowed');
  expect(await refusal(supervisor.start(issued.id))).toBe('allowed');
  expect(await refusal(supervisor.finish(issued.id))).toBe('allowed');
  expect(await supervisor.ticket(issued.id)).toMatchObject({ status: 'done', recalls: 1 });
});

it('holds the other way round too: the clerk at counter 3 serves, the clerk at counter 2 may not', async () => {
  // B again: both clerks are trained for it, so only the counter decides.
  const issued = await anon.issueTicket({ serviceId: 'B' });
  expect(await clerk2.callNext('3')).toMatchObject({ id: issued.id, counterId: '3' });
  expect(await refusal(clerk1.finish(issued.id))).toEqual({ status: 409, code: 'NOT_COUNTER_TICKET' });
  expect(await refusal(clerk1.start(issued.id))).toEqual({ status: 409, code: 'NOT_COUNTER_TICKET' });
  expect(await refusal(clerk2.start(issued.id))).toBe('allowed');
  expect(await refusal(clerk2.finish(issued.id))).toBe('allowed');
});
