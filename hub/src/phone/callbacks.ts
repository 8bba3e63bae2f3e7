/**
 * Callback tickets and the IVR (docs/phone.md). A phone caller who would otherwise wait on the
 * line is put in the same queue as everyone else; a clerk with the skill gets them by call-next
 * and calls them back. The number is sealed in the phone book for the day (notify/phone-book.ts,
 * as for texts: `ticket:<id>`, erased when the ticket is over or the day ends); the ticket keeps
 * the keyed HMAC (its identity) and the masked form. It is opened only when the clerk serving
 * the ticket asks to dial it: to give their softphone a `tel:` link and the PBX gateway a dial
 * request (`devices/<gateway>/dial`, read only by a `pbx` device).
 *
 * The IVR finds a callback by the digits of its number and the last 4 digits of the phone, read
 * from the masked form: nothing in clear is searched.
 */

import type { HubConfig } from '../config';
import { phoneSettings } from '../config';
import type { PhoneBook } from '../notify';
import { ticketRef } from '../notify';
import {
  type CallbackBody,
  CallboardError,
  type DialReply,
  type DialRequestMessage,
  type IvrCallbackReply,
  type IvrJoinBody,
  type Ticket,
  topics,
} from '../protocol';
import { newCallback, UNREACHABLE_OUTCOME } from '../queue';
import type { Caller } from '../service/caller';
import type { QueueService } from '../service/queue-service';
import { localToEpoch, siteDate } from '../time';

export interface CallbackDeps {
  config: HubConfig;
  queue: QueueService;
  phones: PhoneBook;
  now: () => number;
  /** When the business day containing `at` ends (the phone is erased by then at the latest). */
  endOfDay: (at: number) => number;
  /** Publishes a dial request to the PBX gateway (QoS 1). */
  publish: (topic: string, message: DialRequestMessage) => Promise<void>;
}

const OPEN = new Set(['waiting', 'called', 'serving']);

export class Callbacks {
  constructor(private readonly d: CallbackDeps) {}

  private get settings() {
    return phoneSettings(this.d.config.phone);
  }

  /** `HHMM` site time today → epoch ms. */
  private today(hhmm: string | undefined): number | undefined {
    if (hhmm === undefined) return undefined;
    const { timezone } = this.d.config.site;
    const minutes = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2));
    return localToEpoch(siteDate(this.d.now(), timezone), minutes, timezone);
  }

  /** Puts a caller in the callback queue of `serviceId` (a clerk with the caller on the line, or the IVR). */
  async book(body: CallbackBody, caller: Caller): Promise<Ticket> {
    const now = this.d.now();
    const from = this.today(body.after);
    const to = this.today(body.before);
    if (from !== undefined && to !== undefined && to <= from)
      throw new CallboardError('VALIDATION_FAILED', 'the preferred window ends before it starts', {
        after: body.after,
        before: body.before,
      });
    if (to !== undefined && to <= now)
      throw new CallboardError('VALIDATION_FAILED', 'the preferred window is already over today', { before: body.before });
    // Validates the number (VALIDATION_FAILED) before anything is issued.
    const p = this.d.phones.vault.protect(body.phone);
    const info = newCallback(p.masked, {
      ...(from !== undefined && from > now ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    const issued = await this.d.queue.issueCallback(
      body.serviceId,
      caller,
      { kind: 'phone', hmac: p.hmac, masked: p.masked },
      info,
    );
    await this.d.phones.keep(ticketRef(issued.id), body.phone, this.d.endOfDay(now), now).written;
    return this.d.queue.ticket(issued.id);
  }

  /** The IVR's join: the service by its menu digits. */
  async ivrJoin(body: IvrJoinBody, caller: Caller): Promise<IvrCallbackReply> {
    const serviceId = this.settings.ivrServices[body.service];
    if (serviceId === undefined) throw new CallboardError('UNKNOWN_SERVICE', `no service on IVR key ${body.service}`);
    const t = await this.book(
      {
        serviceId,
        phone: body.phone,
        ...(body.after ? { after: body.after } : {}),
        ...(body.before ? { before: body.before } : {}),
      },
      caller,
    );
    return this.ivrView(t);
  }

  /**
   * Today's callback with these number digits whose phone ends in `last4` (an open one first).
   * Unknown, or the digits do not match: 404, naming nothing.
   */
  find(code: string, last4: string): Ticket {
    const seq = Number(code);
    let found: Ticket | undefined;
    for (const t of this.d.queue.todaysTickets()) {
      if (!t.callback || t.seq !== seq || !t.callback.masked.endsWith(last4) || t.transferredTo) continue;
      if (!found || (OPEN.has(t.status) && !OPEN.has(found.status))) found = t;
    }
    if (!found) throw new CallboardError('TICKET_NOT_FOUND', 'no callback with this number and phone today');
    return found;
  }

  ivrStatus(code: string, last4: string): IvrCallbackReply {
    return this.ivrView(this.find(code, last4));
  }

  /** The caller gives up their callback from the IVR: only a waiting one. */
  async ivrCancel(code: string, last4: string, caller: Caller): Promise<IvrCallbackReply> {
    const t = this.find(code, last4);
    await this.d.queue.cancelByToken(t.trackToken, caller);
    return this.ivrView(this.d.queue.ticket(t.id));
  }

  /** What the IVR reads back: status, people ahead, when to expect the call. */
  ivrView(t: Ticket): IvrCallbackReply {
    const now = this.d.now();
    const status: IvrCallbackReply['status'] =
      t.status === 'waiting'
        ? 'waiting'
        : t.status === 'called' || t.status === 'serving'
          ? 'calling'
          : t.outcome === UNREACHABLE_OUTCOME
            ? 'unreachable'
            : t.status === 'done'
              ? 'done'
              : 'cancelled';
    const base = { number: t.number, code: String(t.seq), status, attempts: t.callback?.attempts ?? 0 };
    if (status !== 'waiting') return { ...base, ahead: 0, estimatedCallbackSec: 0, estimatedCallbackUnix: 0 };
    const at = Math.max(now + this.d.queue.views.estimateFor(t) * 1000, t.callback?.notBefore ?? 0);
    return {
      ...base,
      ahead: this.d.queue.views.position(t),
      estimatedCallbackSec: Math.round((at - now) / 1000),
      estimatedCallbackUnix: Math.round(at / 1000),
    };
  }

  /** "No answer — try again later" (site settings `phone.retryMin`, `phone.maxAttempts`). */
  noAnswer(id: string, caller: Caller): Promise<Ticket> {
    const s = this.settings;
    return this.d.queue.callbackNoAnswer(id, caller, s.retryMin * 60_000, s.maxAttempts);
  }

  /**
   * The clerk serving a callback asks to dial it: the number is opened for their `tel:` link and
   * the PBX gateway's dial request, and the request is audited. Only a callback being made (called
   * or serving), only by whoever may act on it at its counter.
   */
  async dial(id: string, caller: Caller): Promise<DialReply> {
    const t = this.d.queue.ticketFor(id, caller, 'start');
    if (!t.callback || (t.status !== 'called' && t.status !== 'serving'))
      throw new CallboardError('ILLEGAL_TRANSITION', `ticket ${t.number} is not a callback being made`, {
        ticketId: t.id,
        action: 'dial',
      });
    const kept = this.d.phones.get(ticketRef(t.id));
    if (!kept) throw new CallboardError('NOT_FOUND', `the number of callback ${t.number} is no longer kept`);
    const phone = this.d.phones.vault.open(kept.sealed);
    const gateway = this.settings.gatewayDeviceId;
    let sentToGateway = false;
    if (gateway) {
      const message: DialRequestMessage = {
        v: 1,
        type: 'dial',
        phone,
        ticketId: t.id,
        number: t.number,
        ...(t.counterId ? { counterId: t.counterId } : {}),
        ...(t.staffId ? { staffId: t.staffId } : {}),
        at: this.d.now(),
      };
      sentToGateway = await this.d.publish(topics.deviceDial(this.d.config.site.id, gateway), message).then(
        () => true,
        () => false,
      );
    }
    await this.d.queue.audit.record(caller, 'ticket.callback_dial', t.id, { number: t.number, sentToGateway });
    return { tel: `tel:${phone}`, masked: t.callback.masked, sentToGateway };
  }
}
