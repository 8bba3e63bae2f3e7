/**
 * A remote visitor's check-in QR (`CBT1:<token>`) read by a scanner in keyboard mode ("wedge"):
 * the code is typed into the kiosk page, never seen by a bridge, so the kiosk checks the visitor
 * in itself (`POST /arrivals/check-in` as this kiosk). A serial scanner on the kiosk's bridge
 * needs none of this: the hub checks the visitor in from the bridge's scan and tells the kiosk.
 */
import { ApiError, type HubClient, type IssuedTicket } from '@callboard/hub/client';
import type { MessageKey } from './messages';

export function arrivalScanErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'apptErrUnreachable';
  if (err.code === 'ILLEGAL_TRANSITION' && (err.details as { lapsed?: boolean } | undefined)?.lapsed) return 'trackLapsed';
  if (err.code === 'TICKET_NOT_FOUND' || err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')
    return 'arrivalScanUnknown';
  if (err.code === 'RATE_LIMITED') return 'errRateLimited';
  return 'arrivalScanRefused';
}

export async function checkInByScan(hub: HubClient, code: string): Promise<{ ticket: IssuedTicket } | { error: MessageKey }> {
  try {
    return { ticket: await hub.checkInArrival(code) };
  } catch (err) {
    return { error: arrivalScanErrorKey(err) };
  }
}
