/**
 * The phone channel's REST calls (docs/phone.md): the IVR's (a `pbx` device's token) and the
 * clerk's (book a callback, no answer, dial). Functions over the HubClient's `request()`.
 */
import type {
  CallbackBody,
  DialReply,
  IvrCallbackReply,
  IvrJoinBody,
  PhoneReport,
  PhoneReportQuery,
  PopsReply,
  TicketView,
} from '../protocol';
import type { HubClient } from './rest';

export const ivrJoin = (hub: HubClient, body: IvrJoinBody) => hub.request<IvrCallbackReply>('POST', '/ivr/callbacks', body);

export const ivrStatus = (hub: HubClient, code: string, last4: string) =>
  hub.request<IvrCallbackReply>('GET', `/ivr/callbacks/${encodeURIComponent(code)}?last4=${encodeURIComponent(last4)}`);

export const ivrCancel = (hub: HubClient, code: string, last4: string) =>
  hub.request<IvrCallbackReply>('POST', `/ivr/callbacks/${encodeURIComponent(code)}/cancel`, { last4 });

export const bookCallback = (hub: HubClient, body: CallbackBody) =>
  hub.request<{ ticket: TicketView }>('POST', '/callbacks', body).then((r) => r.ticket);

/** "No answer — try again later" on the callback at the clerk's counter. */
export const callbackNoAnswer = (hub: HubClient, ticketId: string) =>
  hub.request<{ ticket: TicketView }>('POST', `/tickets/${encodeURIComponent(ticketId)}/no-answer`).then((r) => r.ticket);

/** The number to dial (`tel:` link) for the callback at the clerk's counter; the PBX gateway is asked to dial too. */
export const dialCallback = (hub: HubClient, ticketId: string) =>
  hub.request<DialReply>('POST', `/tickets/${encodeURIComponent(ticketId)}/dial`);

/** The signed-in clerk's desk phone extension (calls ringing there pop up on their console). */
export const setExtension = (hub: HubClient, extension: string) =>
  hub.request<{ extension: string }>('PUT', '/phone/extension', { extension });

/** Screen-pops after `after`, waiting up to `wait` ms for one (long poll). */
export const screenPops = (hub: HubClient, after = 0, wait = 0) =>
  hub.request<PopsReply>('GET', `/phone/pops?after=${after}&wait=${wait}`);

/** Reports (supervisor): abandoned-call and callback success rates per hour of the day (`GET /reports/phone`). */
export const reportPhone = (hub: HubClient, q: Omit<PhoneReportQuery, 'format' | 'table'> = {}) => {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = params.toString();
  return hub.request<PhoneReport>('GET', `/reports/phone${qs ? `?${qs}` : ''}`);
};
