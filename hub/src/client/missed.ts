/** "I missed my call" at a kiosk: the visitor's own re-queue of a no-show ticket by its scanned QR. */
import type { IssuedTicket } from '../protocol';
import type { HubClient } from './rest';

/** `POST /arrivals/missed` (kiosk devices): the ticket back in the line, as a kiosk shows it. */
export function requeueMissed(hub: HubClient, code: string): Promise<IssuedTicket> {
  return hub.request<IssuedTicket>('POST', '/arrivals/missed', { code });
}
