/** Two-step calling at clinic rooms (docs/queue-policy.md "Two-step calling"): to the door, then in. */
import type { Ticket, TicketReply } from '../protocol';
import type { HubClient } from './rest';

/** Calls the next visitor to this room's door (409 DOOR_FULL when its door list is full). */
export function callToDoor(hub: HubClient, counterId: string): Promise<Ticket> {
  return hub
    .request<TicketReply>('POST', `/counters/${encodeURIComponent(counterId)}/call-to-door`, {})
    .then((r) => r.ticket as Ticket);
}

/** Calls the first visitor waiting at this room's door into the room. */
export function callIn(hub: HubClient, counterId: string): Promise<Ticket> {
  return hub
    .request<TicketReply>('POST', `/counters/${encodeURIComponent(counterId)}/call-in`, {})
    .then((r) => r.ticket as Ticket);
}
