/**
 * "Cancel my ticket" from the phone page: only the holder of the tracking token, only a waiting
 * ticket, rate limited, audited; an unknown token says nothing about any other ticket.
 */
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let anon: HubClient;
let supervisor: HubClient;
const token = (trackUrl: string) => trackUrl.split('/').pop() as string;

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return { status: (err as ApiError).status, code: (err as ApiError).code };
}

beforeAll(async () => {
  hub = await startTestHub({ patch: (cfg) => (cfg.rateLimit = { ticketsPerMinutePerClient: 1000 }) });
  anon = new HubClient({ baseUrl: hub.baseUrl });
  supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
});
afterAll(async () => {
  await hub?.close();
});

describe('cancel my ticket from the phone', () => {
  it('cancels the holder’s waiting ticket, takes it out of the line and audits it as the visitor', async () => {
    const mine = await anon.issueTicket({ serviceId: 'B' });
    const other = await anon.issueTicket({ serviceId: 'B' });
    expect(other.position).toBe(1);
    const view = await anon.cancelMyTicket(token(mine.trackUrl));
    expect(view).toMatchObject({ number: mine.number, status: 'cancelled' });
    expect((await anon.track(token(other.trackUrl))).position).toBe(0);
    const audit = await supervisor.audit({ action: 'ticket.cancel' });
    const entry = audit.records.find((e) => e.target === mine.id);
    expect(entry).toMatchObject({ actor: { type: 'anonymous' }, details: { by: 'visitor' } });
    // Twice: the ticket is no longer waiting.
    expect(await refusal(anon.cancelMyTicket(token(mine.trackUrl)))).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
  });

  it('refuses a ticket already called, and an unknown token with a plain 404', async () => {
    const t = await anon.issueTicket({ serviceId: 'C' });
    await supervisor.openCounter('4');
    await supervisor.callNext('4');
    expect(await refusal(anon.cancelMyTicket(token(t.trackUrl)))).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    const unknown = await refusal(anon.cancelMyTicket('0123456789abcdef0123456789abcdef'));
    expect(unknown).toEqual({ status: 404, code: 'TICKET_NOT_FOUND' });
  });

  it('is rate limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await refusal(anon.cancelMyTicket(`guess${String(i).padStart(8, '0')}`)).then((r) => r.status)) as number);
    expect(codes).toContain(429);
  });
});
