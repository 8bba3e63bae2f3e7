/** The REST client's requests, seen through an injected fetch: paths, bodies and headers. */
import { describe, expect, it } from 'vitest';
import { ApiError, HubClient } from './rest';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function recording(reply: { status?: number; body?: unknown } = {}) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({
      method: String(init.method),
      url,
      headers: init.headers as Record<string, string>,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status ?? 200 });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

describe('HubClient', () => {
  it('sends an idempotency key with a ticket request when asked to', async () => {
    const { seen, fetch } = recording({ status: 201, body: { id: 't' } });
    const hub = new HubClient({ baseUrl: 'http://hub', fetch, deviceToken: 'tok-123456' });
    await hub.issueTicket({ serviceId: 'A' }, { idempotencyKey: 'key-1' });
    await hub.issueTicket({ serviceId: 'A' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: 'http://hub/api/v1/tickets',
      headers: { 'idempotency-key': 'key-1', authorization: 'Bearer tok-123456' },
      body: { serviceId: 'A' },
    });
    expect(seen[1]?.headers['idempotency-key']).toBeUndefined();
  });

  it('speaks the pairing and device routes', async () => {
    const { seen, fetch } = recording({ body: { requests: [], devices: [] } });
    const hub = new HubClient({ baseUrl: 'http://hub', fetch });
    await hub.requestPairing({ kind: 'kiosk', name: 'kiosk-2' });
    await hub.pollPairing('req/1', 'secret-123');
    await hub.pairingRequests();
    await hub.approvePairing('req1', { code: '123456', deviceId: 'kiosk-2', name: 'Lobby' });
    await hub.rejectPairing('req1', '123456');
    await hub.devices();
    await hub.device('bridge-1');
    await hub.printTicket('kiosk-2', 'ticket-1');
    expect(seen.map((s) => `${s.method} ${s.url.replace('http://hub/api/v1', '')} ${JSON.stringify(s.body ?? null)}`)).toEqual([
      'POST /devices/pairing {"kind":"kiosk","name":"kiosk-2"}',
      'POST /devices/pairing/req%2F1/poll {"pollSecret":"secret-123"}',
      'GET /devices/pairing null',
      'POST /devices/pairing/req1/approve {"code":"123456","deviceId":"kiosk-2","name":"Lobby"}',
      'POST /devices/pairing/req1/reject {"code":"123456"}',
      'GET /devices null',
      'GET /devices/bridge-1 null',
      'POST /devices/kiosk-2/print-ticket {"ticketId":"ticket-1"}',
    ]);
  });

  it('turns an error body into an ApiError with its details', async () => {
    const { fetch } = recording({
      status: 409,
      body: { error: { code: 'ALREADY_WAITING', message: 'held', details: { ticket: { number: 'A001' } } } },
    });
    const err = await new HubClient({ baseUrl: 'http://hub', fetch }).issueTicket({ serviceId: 'A' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'ALREADY_WAITING', details: { ticket: { number: 'A001' } } });
  });
});
