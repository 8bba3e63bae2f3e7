/**
 * Visitors' "tell me when": set from the phone's tracking page (or by the kiosk right after
 * issue, with the phone the visitor typed there), kept in notify-subscriptions.db, checked on
 * the queue's events (hub/src/events) and fired through the outbox at most once each.
 *
 * It listens to the coalesced `board.published` for places in line (so a burst of calls costs
 * one pass, never a wait in call-next) and to `ticket.called` for the call itself. When a
 * ticket is over (done, cancelled, no-show, transferred) its phone is erased at once.
 */
import {
  CallboardError,
  DEFAULT_NOTIFY_AHEAD,
  type Lang,
  type NotifySettingsBody,
  type NotifySettingsView,
  type Ticket,
} from '../protocol';
import type { NotifyRepository, SubscriptionDoc } from '../store';
import type { Outbox } from './outbox';
import type { PhoneBook } from './phone-book';
import { dueTriggers, isOver, type Trigger } from './triggers';

/** What the subscriptions need from the queue. */
export interface TicketLookup {
  find(id: string): Ticket | undefined;
  byToken(token: string): Ticket | undefined;
  /** Tickets the policy would call before this one (0 = next). */
  ahead(t: Ticket): number;
  counterName(id: string | undefined, lang: Lang): string;
}

export interface SubscriptionsOptions {
  repo: NotifyRepository;
  phones: PhoneBook;
  outbox: Outbox;
  tickets: TicketLookup;
  now: () => number;
  /** When a phone kept today must be gone (the end of the business day). */
  endOfDay: (now: number) => number;
  smsAvailable: boolean;
  aheadDefault?: number;
  log: { warn(obj: object, msg: string): void };
}

export const ticketRef = (ticketId: string) => `ticket:${ticketId}`;

export class Subscriptions {
  private readonly subs = new Map<string, SubscriptionDoc>();

  constructor(private readonly o: SubscriptionsOptions) {}

  async load(): Promise<void> {
    for (const doc of await this.o.repo.subscriptions()) this.subs.set(doc._id, doc);
  }

  /** The settings for the ticket with this tracking token (404 for an unknown token). */
  view(token: string): NotifySettingsView {
    return this.viewOf(this.requireTicket(token).id);
  }

  /** Sets what the visitor asked for; a phone given is sealed and kept until the ticket is over or the day ends. */
  async set(token: string, body: NotifySettingsBody): Promise<NotifySettingsView> {
    const ticket = this.requireTicket(token);
    const ref = ticketRef(ticket.id);
    if (body.stop) {
      await this.forget(ticket.id);
      return this.viewOf(ticket.id);
    }
    if (isOver(ticket.status)) throw new CallboardError('ILLEGAL_TRANSITION', 'this ticket is over; nothing more to tell');
    const now = this.o.now();
    if (body.phone !== undefined) {
      if (!this.o.smsAvailable) throw new CallboardError('VALIDATION_FAILED', 'this site does not send text messages');
      await this.o.phones.keep(ref, body.phone, this.o.endOfDay(now), now).written;
    }
    const before = this.subs.get(ticket.id);
    const doc: SubscriptionDoc = {
      _id: ticket.id,
      lang: body.lang ?? before?.lang ?? ticket.lang ?? 'zh',
      aheadAt: body.aheadAt !== undefined ? body.aheadAt : (before?.aheadAt ?? this.o.aheadDefault ?? DEFAULT_NOTIFY_AHEAD),
      onCall: body.onCall ?? before?.onCall ?? true,
      firedAhead: before?.firedAhead ?? false,
      firedCalled: before?.firedCalled ?? false,
      at: now,
    };
    this.subs.set(ticket.id, doc);
    await this.o.repo.saveSubscription(doc);
    this.check(ticket);
    return this.viewOf(ticket.id);
  }

  /** The masked phone kept for a ticket (what a clerk may see), if any. */
  maskedPhone(ticketId: string): string | undefined {
    return this.o.phones.get(ticketRef(ticketId))?.masked;
  }

  /** After the board changed: every subscribed ticket's place, once. */
  onBoard(): void {
    for (const id of this.subs.keys()) {
      const t = this.o.tickets.find(id);
      if (t) this.check(t);
    }
  }

  /** A call (or recall) of a ticket; any change of state. */
  onTicket(ticket: Ticket): void {
    if (this.subs.has(ticket.id)) this.check(ticket);
    if (isOver(ticket.status) && (this.subs.has(ticket.id) || this.o.phones.has(ticketRef(ticket.id))))
      void this.forget(ticket.id).catch((err) => this.o.log.warn({ err, ticket: ticket.id }, 'phone not erased'));
  }

  /** The day ended: every subscription and every ticket's phone goes. */
  async endDay(): Promise<void> {
    const ids = [...this.subs.keys()];
    this.subs.clear();
    await this.o.repo.removeSubscriptions(ids);
  }

  private check(ticket: Ticket): void {
    const sub = this.subs.get(ticket.id);
    if (!sub || !this.o.phones.has(ticketRef(ticket.id))) return;
    const due = dueTriggers(sub, { status: ticket.status, ahead: this.o.tickets.ahead(ticket) });
    for (const trigger of due) this.fire(ticket, sub, trigger);
    if (due.length > 0)
      void this.o.repo.saveSubscription({ ...sub }).catch((err) => this.o.log.warn({ err }, 'subscription not saved'));
  }

  private fire(ticket: Ticket, sub: SubscriptionDoc, trigger: Trigger): void {
    if (trigger === 'ahead') sub.firedAhead = true;
    else sub.firedCalled = true;
    const vars: Record<string, string | number> = { number: ticket.number };
    if (trigger === 'ahead') vars.ahead = this.o.tickets.ahead(ticket);
    else vars.counter = this.o.tickets.counterName(ticket.counterId, sub.lang);
    try {
      this.o.outbox.send({
        to: { ref: ticketRef(ticket.id) },
        purpose: trigger,
        template: trigger,
        lang: sub.lang,
        vars,
        // A call is old news after ten minutes; "N ahead" by the end of the day at the latest.
        expiresAt: trigger === 'called' ? this.o.now() + 10 * 60_000 : this.o.endOfDay(this.o.now()),
      });
    } catch (err) {
      this.o.log.warn({ err, ticket: ticket.id, trigger }, 'text not queued');
    }
  }

  private async forget(ticketId: string): Promise<void> {
    this.subs.delete(ticketId);
    await this.o.repo.removeSubscriptions([ticketId]);
    await this.o.phones.erase([ticketRef(ticketId)]);
  }

  private requireTicket(token: string): Ticket {
    const t = this.o.tickets.byToken(token);
    if (!t) throw new CallboardError('TICKET_NOT_FOUND', 'no ticket with this tracking code today');
    return t;
  }

  private viewOf(ticketId: string): NotifySettingsView {
    const sub = this.subs.get(ticketId);
    return {
      subscribed: sub !== undefined,
      phoneMasked: this.maskedPhone(ticketId) ?? null,
      aheadAt: sub ? sub.aheadAt : (this.o.aheadDefault ?? DEFAULT_NOTIFY_AHEAD),
      onCall: sub ? sub.onCall : true,
      sent: { ahead: sub?.firedAhead ?? false, called: sub?.firedCalled ?? false },
      smsAvailable: this.o.smsAvailable,
    };
  }
}
