import { ApiError, type HubClient, type IssuedTicket } from '@callboard/hub/client';
import { describe, expect, it, vi } from 'vitest';
import type { AppointmentCheckIn } from './check-in.svelte';
import type { IssuedResult, Screen } from './kiosk-types';
import type { MissedCall } from './missed-call.svelte';
import { resultPrompt, screenPrompt } from './prompts';
import { ScanDispatch, type ScanHost } from './scan-dispatch';
import type { Tile } from './tiles';

const ARRIVAL = 'CBT1:abcdefgh1234';
const ticket = { id: 't1', number: 'A023', serviceId: 'tax', position: 2 } as IssuedTicket;
const tax = { id: 'tax', name: { zh: '税务', en: 'Tax' }, open: true } as Tile;

function setUp(screen: Screen, opts: { service?: Tile | null; occupied?: boolean; booking?: boolean } = {}) {
  const hub = { checkInArrival: vi.fn(async () => ticket) };
  const missed = { scanned: vi.fn(() => true) };
  const checkIn = { scanned: vi.fn(() => opts.booking ?? false) };
  const host = {
    screen: () => screen,
    occupied: () => opts.occupied ?? false,
    service: () => opts.service ?? null,
    serviceName: (id: string) => ({ zh: id, en: id }),
    show: vi.fn<(r: IssuedResult) => void>(),
    fail: vi.fn(),
    say: vi.fn(),
    issue: vi.fn(),
  } satisfies ScanHost;
  const scans = new ScanDispatch(
    hub as unknown as HubClient,
    { missed: missed as unknown as MissedCall, checkIn: checkIn as unknown as AppointmentCheckIn },
    host,
  );
  return { hub, missed, checkIn, host, scans };
}

describe('what a scanned code means', () => {
  it('a ticket’s QR on the missed-call screen goes to the missed-call flow, also from a wedge', () => {
    const s = setUp('missed');
    s.scans.wedgeScanned(ARRIVAL);
    expect(s.missed.scanned).toHaveBeenCalledWith(ARRIVAL);
    expect(s.hub.checkInArrival).not.toHaveBeenCalled();
  });

  it('the hub answers a bridge scan on the missed-call screen itself: the kiosk does not ask again', () => {
    const s = setUp('missed');
    s.scans.scanned(ARRIVAL, true);
    expect(s.missed.scanned).not.toHaveBeenCalled();
    expect(s.host.issue).not.toHaveBeenCalled();
  });

  it('a wedge-scanned arrival QR elsewhere checks the remote visitor in and shows the ticket', async () => {
    const s = setUp('welcome');
    s.scans.wedgeScanned(ARRIVAL);
    expect(s.hub.checkInArrival).toHaveBeenCalledWith(ARRIVAL);
    await vi.waitFor(() => expect(s.host.show).toHaveBeenCalled());
    expect(s.host.show.mock.calls[0]?.[0]).toMatchObject({ ticket, existing: false, print: 'none' });
  });

  it('a refused arrival check-in is shown and said', async () => {
    const s = setUp('welcome');
    s.hub.checkInArrival.mockRejectedValueOnce(new ApiError(404, 'TICKET_NOT_FOUND', 'no'));
    s.scans.wedgeScanned(ARRIVAL);
    await vi.waitFor(() => expect(s.host.fail).toHaveBeenCalledWith('arrivalScanUnknown'));
    expect(s.host.say).toHaveBeenCalledWith('arrivalScanUnknown');
  });

  it('a scan while another request is in flight is dropped', () => {
    const s = setUp('welcome', { occupied: true });
    s.scans.wedgeScanned(ARRIVAL);
    expect(s.hub.checkInArrival).not.toHaveBeenCalled();
  });

  it('an arrival QR from the bridge never becomes a QR identity', () => {
    const s = setUp('scan', { service: tax });
    s.scans.scanned(ARRIVAL, true);
    expect(s.host.issue).not.toHaveBeenCalled();
    expect(s.checkIn.scanned).not.toHaveBeenCalled();
  });

  it('a booking QR goes to the appointment check-in', () => {
    const s = setUp('scan', { service: tax, booking: true });
    s.scans.scanned('APPT:ABC123');
    expect(s.checkIn.scanned).toHaveBeenCalledWith('APPT:ABC123');
    expect(s.host.issue).not.toHaveBeenCalled();
  });

  it('any other code on the scan or identity screen is a QR identity for the chosen service', () => {
    const s = setUp('identity', { service: tax });
    s.scans.scanned('member-42');
    expect(s.host.issue).toHaveBeenCalledWith({ serviceId: 'tax', identity: { kind: 'qr', value: 'member-42' } });
  });

  it('an identity QR is refused when too long, and ignored without a service or on another screen', () => {
    const long = setUp('scan', { service: tax });
    long.scans.scanned('x'.repeat(129));
    expect(long.host.fail).toHaveBeenCalledWith('errIdentityInvalid');
    expect(long.host.issue).not.toHaveBeenCalled();
    const none = setUp('scan');
    none.scans.scanned('member-42');
    const welcome = setUp('welcome', { service: tax });
    welcome.scans.scanned('member-42');
    expect(none.host.issue).not.toHaveBeenCalled();
    expect(welcome.host.issue).not.toHaveBeenCalled();
  });
});

describe('what the kiosk says', () => {
  it('each screen’s prompt, and the ticket’s number spelt out', () => {
    expect(screenPrompt('missed')).toBe('missedTitle');
    expect(screenPrompt('issued')).toBeUndefined();
    const r: IssuedResult = { ticket, serviceName: tax.name, existing: false, print: 'none' };
    expect(resultPrompt(r, 'en')).toEqual({ key: 'sayNumber', params: { number: 'A 0 2 3', ahead: expect.any(String) } });
    expect(resultPrompt({ ...r, existing: true }, 'en').key).toBe('sayExisting');
    expect(resultPrompt({ ...r, requeued: true }, 'en').key).toBe('sayMissedBack');
  });
});
