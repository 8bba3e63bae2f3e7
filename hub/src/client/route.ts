/** Multi-stop visits (docs/queue-policy.md "Multi-stop visits"): the REST calls, on top of `HubClient.request`. */
import type { FinishBody, RouteBody, TicketReply } from '../protocol';
import type { HubClient } from './rest';

/** Finishes a stop; `next` is the same number's ticket waiting at its next stop, if the visit goes on. */
export function finishStop(client: HubClient, id: string, body: FinishBody = {}): Promise<TicketReply> {
  return client.request<TicketReply>('POST', `/tickets/${encodeURIComponent(id)}/finish`, body);
}

/** Replaces the stops still to come ([] ends the visit at the current stop): the clerk serving it, or a supervisor. */
export function changeRoute(client: HubClient, id: string, stops: readonly string[], note?: string): Promise<TicketReply> {
  const body: RouteBody = { stops: [...stops], ...(note ? { note } : {}) };
  return client.request<TicketReply>('PUT', `/tickets/${encodeURIComponent(id)}/route`, body);
}
