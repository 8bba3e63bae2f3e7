/**
 * Issuing tickets: checks the service, its hours, the appointment and the visitor's identity,
 * reserves the next number synchronously, persists and audits. A retried request with the same
 * idempotency key gets the ticket it already has.
 */
import { randomUUID } from 'node:crypto';
import {
  type AppointmentRef,
  type ArrivalCheck,
  type CallbackInfo,
  CallboardError,
  type IdentityInput,
  type IssuedTicket,
  type Lang,
  type RemoteVia,
  type Service,
  type StoredIdentity,
  type TicketSource,
} from '../protocol';
import {
  ageOn,
  birthDateFromIdNumber,
  formatNumber,
  initialClass,
  newTicket,
  nextSeq,
  numberWidth,
  routeAtIssue,
} from '../queue';
import { protectIdentity, sha256 } from '../security';
import { addDays, businessDate } from '../time';
import { AnonymousQuota } from './anonymous-quota';
import type { Caller } from './caller';
import type { ClerkCalls } from './clerk-calls';
import type { ClosingTime } from './closing-time';
import type { DayRollover } from './day-rollover';
import { may, mayChoosePriority, ticketSourceFor } from './principals';
import type { QueueParts } from './queue-parts';
import type { QueueViews } from './queue-views';

export interface IssueRequest {
  serviceId: string;
  source?: TicketSource;
  identity?: IdentityInput;
  priority?: string;
  lang?: Lang;
  appointment?: AppointmentRef;
  /** The client's `Idempotency-Key`: the same key from the same caller today returns the same ticket. */
  idempotencyKey?: string;
}

/**
 * A ticket taken from the join page (remote-join.ts has checked the service's remote settings,
 * caps and the visitor's network or verified phone): the identity is already protected.
 */
export interface RemoteIssue {
  via: RemoteVia;
  phone?: StoredIdentity;
  arrival?: ArrivalCheck;
}

export class Issuer {
  private readonly issuing = new Map<string, Promise<IssuedTicket>>();
  /** Hourly caps on anonymous tickets (per service, per address). */
  readonly anonymousQuota: AnonymousQuota;

  constructor(
    private readonly q: QueueParts,
    private readonly secret: string,
    private readonly rollover: DayRollover,
    private readonly calls: ClerkCalls,
    private readonly views: QueueViews,
    private readonly closing: ClosingTime,
  ) {
    this.anonymousQuota = new AnonymousQuota(() => q.config.issuing);
  }

  async issue(req: IssueRequest, caller: Caller): Promise<IssuedTicket> {
    if (req.idempotencyKey === undefined) return this.issueOnce(req, caller);
    // A kiosk that lost the answer (network, hub restart) retries with the same key: it gets the
    // ticket it already has, never a second one — also while the first request is still running.
    const who = caller.actor.type === 'anonymous' ? `ip:${caller.ip ?? ''}` : `${caller.actor.type}:${caller.actor.id ?? ''}`;
    const key = sha256(`${who}\n${req.idempotencyKey}`);
    const ticket = this.q.book.byRequest(key);
    if (ticket) return this.views.issuedView(ticket);
    const running = this.issuing.get(key);
    if (running) return running;
    const p = this.issueOnce(req, caller, key);
    this.issuing.set(key, p);
    try {
      return await p;
    } finally {
      this.issuing.delete(key);
    }
  }

  /**
   * Issues a ticket from the join page: the caller is anonymous, and the checks that stand in for
   * the site's `issuing.anonymous` switch and caps (remote join on, its daily cap, the site network
   * or a verified phone) were made by the remote-join service. `before` runs once the day is rolled
   * and nothing else is awaited until the number is taken (the caps count synchronously).
   */
  issueRemote(
    serviceId: string,
    lang: Lang | undefined,
    caller: Caller,
    remote: RemoteIssue,
    before: () => void,
  ): Promise<IssuedTicket> {
    return this.issueOnce({ serviceId, ...(lang ? { lang } : {}) }, caller, undefined, { remote, before });
  }

  /**
   * Issues a callback ticket (docs/phone.md): the phone service has checked who asks (a clerk or
   * the PBX gateway) and protected the number; one open callback per phone and service.
   */
  issueCallback(serviceId: string, caller: Caller, phone: StoredIdentity, callback: CallbackInfo): Promise<IssuedTicket> {
    return this.issueOnce({ serviceId }, caller, undefined, undefined, { phone, info: callback });
  }

  private async issueOnce(
    req: IssueRequest,
    caller: Caller,
    requestKey?: string,
    fromPhone?: { remote: RemoteIssue; before: () => void },
    callback?: { phone: StoredIdentity; info: CallbackInfo },
  ): Promise<IssuedTicket> {
    const at = this.q.now();
    await this.rollover.rollIfNeeded(at);
    await this.calls.expireCalled(at);
    const service = this.q.catalogue.service(req.serviceId);
    if (!fromPhone && !callback) this.checkWhoIssues(req, caller);
    const source = fromPhone
      ? 'remote'
      : callback
        ? 'phone'
        : ticketSourceFor(caller.principal, req.source, req.appointment !== undefined);
    if (source !== 'appointment' && !req.appointment && !service.walkIns)
      throw new CallboardError('SERVICE_CLOSED', `service ${service.id} takes appointments only`);
    if (!this.closing.isOpen(service, at)) {
      const next = this.closing.nextOpening(service, at);
      throw new CallboardError(
        'SERVICE_CLOSED',
        `service ${service.id} is outside its opening hours`,
        next === undefined ? undefined : { nextOpenAt: next },
      );
    }
    this.checkAppointment(req.appointment, service, caller);
    const requested = req.priority ?? 'normal';
    if (!this.q.config.queue.priorities.includes(requested))
      throw new CallboardError(
        'VALIDATION_FAILED',
        `unknown priority "${requested}" (known: ${this.q.config.queue.priorities.join(', ')})`,
      );
    if (requested === this.q.catalogue.policy.appointmentClass)
      throw new CallboardError(
        'VALIDATION_FAILED',
        `priority "${requested}" is given by an appointment time inside its window, not asked for: send appointment.at`,
      );
    if (requested === this.q.catalogue.policy.noShow.requeueClass)
      throw new CallboardError(
        'VALIDATION_FAILED',
        `priority "${requested}" is for visitors who missed their call and were put back (POST /tickets/{id}/requeue), not asked for`,
      );
    if (requested !== 'normal') {
      const choose = mayChoosePriority(caller.principal, this.q.config.issuing.selfDeclaredPriority);
      if (!choose.ok) throw new CallboardError('FORBIDDEN', `priority "${requested}" cannot be chosen here: ${choose.reason}`);
    }
    const identity = callback
      ? callback.phone
      : fromPhone
        ? fromPhone.remote.phone
        : req.identity
          ? protectIdentity(req.identity, this.secret, this.q.config.uplink?.groupKey)
          : undefined;
    // Age classes (e.g. 70+) from the ID card's birth date; only the class is kept, never the date.
    const priority = initialClass(this.q.catalogue.policy, requested, this.ageOf(req.identity));
    const existing = identity ? this.q.book.heldBy(identity.hmac, service.id) : undefined;
    // A phone holds one open ticket per service; the answer names no ticket (its page has it).
    if (existing && (fromPhone || callback))
      throw new CallboardError('ALREADY_WAITING', 'this phone number already holds a ticket for this service today');
    if (existing)
      throw new CallboardError(
        'ALREADY_WAITING',
        `this visitor already holds ticket ${existing.number} for service ${service.id}`,
        {
          ticket: this.views.issuedView(existing),
        },
      );
    // Counted last, once the request is known to be good, and before anything is awaited.
    if (fromPhone) fromPhone.before();
    else if (!callback && caller.principal.kind === 'anonymous') this.anonymousQuota.take(service.id, caller.ip ?? 'unknown', at);
    // Reserve the number synchronously: no await between reading and bumping the sequence.
    const seq = nextSeq(this.q.book.lastSeqOf(service.id), service.numberRange);
    this.q.book.takeSeq(service.id, seq);
    const ticket = newTicket({
      id: randomUUID(),
      serviceId: service.id,
      seq,
      number: formatNumber(service.prefix, seq, numberWidth(service.numberRange)),
      // The service's own day (a later day start than the site's keeps the evening on its day).
      businessDate: this.rollover.serviceDayOf(service, at),
      source,
      priority,
      lang: req.lang ?? 'zh',
      ...(identity ? { identity } : {}),
      ...(req.appointment?.id !== undefined ? { appointmentId: req.appointment.id } : {}),
      ...(req.appointment ? { appointmentAt: req.appointment.at } : {}),
      trackToken: randomUUID().replaceAll('-', ''),
      at,
      by: caller.actor,
    });
    if (requestKey) ticket.requestKey = requestKey;
    // A multi-stop visit when the service names the stops after it (docs/queue-policy.md "Multi-stop visits").
    Object.assign(ticket, routeAtIssue(service.route));
    if (callback) ticket.callback = callback.info;
    if (fromPhone) {
      ticket.remote = { via: fromPhone.remote.via };
      if (fromPhone.remote.arrival) ticket.arrival = fromPhone.remote.arrival;
    }
    // The range the visitor is shown, kept on the ticket so the floor can say how often it held.
    ticket.promisedWait = this.views.promiseFor(ticket);
    await Promise.all([
      this.q.store.insertTicket(ticket),
      this.q.audit.record(caller, 'ticket.issue', ticket.id, {
        number: ticket.number,
        serviceId: service.id,
        source,
        ...(fromPhone ? { remote: fromPhone.remote.via } : {}),
        ...(callback ? { callback: callback.info.masked } : {}),
        ...(priority !== 'normal' ? { priority } : {}),
        ...(ticket.appointmentAt !== undefined ? { appointmentAt: ticket.appointmentAt } : {}),
      }),
    ]);
    this.q.book.index(ticket);
    this.q.stats.issued++;
    this.q.events.emit('ticket.issued', { ticket });
    this.q.events.emit('board.changed', {});
    return { ...this.views.issuedView(ticket), estimatedWaitRange: ticket.promisedWait };
  }

  /**
   * Who may take a ticket at all: paired kiosks and their bridges, staff, the appointment book and
   * API keys; an anonymous client (a phone or laptop on the LAN) only where the site allows it.
   * An identity is accepted only where it is presented in person (a kiosk's reader, a counter),
   * so nobody can learn from the answer whether a phone or ID number already holds a ticket.
   */
  private checkWhoIssues(req: IssueRequest, caller: Caller): void {
    const p = caller.principal;
    if (p.kind === 'anonymous' && !this.q.config.issuing.anonymous)
      throw new CallboardError(
        'ISSUE_NOT_ALLOWED',
        'this site issues tickets at its kiosks and counters: please take your ticket there',
      );
    const issue = may(p, 'issue');
    if (!issue.ok) throw new CallboardError('FORBIDDEN', `cannot issue tickets: ${issue.reason}`);
    if (req.identity && !may(p, 'present-identity').ok)
      throw new CallboardError('FORBIDDEN', 'an ID card, booking code or phone number is accepted only at a kiosk or a counter');
  }

  /**
   * An appointment time is trusted only from staff and the appointment book, which confirms the
   * booking (anyone else could otherwise jump the line), for a service that takes appointments, on the current business day.
   */
  private checkAppointment(appt: AppointmentRef | undefined, service: Service, caller: Caller): void {
    if (!appt) return;
    if (!may(caller.principal, 'issue-appointment').ok)
      throw new CallboardError(
        'FORBIDDEN',
        'an appointment time comes from the appointment book: check the booking in (POST /appointments/{ref}/check-in)',
      );
    if (!service.appointments) throw new CallboardError('SERVICE_CLOSED', `service ${service.id} takes no appointments`);
    // `this.q.book.day` is the request's business day (the caller rolled the day first). An
    // appointment of the day before whose window runs past the boundary (23:45, checked in at
    // 00:05) is still welcome: the appointment book has checked its deadline.
    const day = businessDate(appt.at, this.q.config.site.timezone, this.q.config.site.dayStartsAt);
    if (day !== this.q.book.day && day !== addDays(this.q.book.day, -1))
      throw new CallboardError('VALIDATION_FAILED', 'the appointment is not for today', { appointmentAt: appt.at });
  }

  private ageOf(identity: IdentityInput | undefined): number | undefined {
    if (identity?.kind !== 'id-card') return undefined;
    const birth = birthDateFromIdNumber(identity.value);
    return birth === undefined ? undefined : ageOn(birth, this.q.book.day);
  }
}
