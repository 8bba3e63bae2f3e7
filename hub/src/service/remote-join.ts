/**
 * Joining the queue from a phone (docs/queue-policy.md "Joining from a phone"). Per service the
 * set-up says whether it is allowed, how many a day, until when, and whether the visitor must
 * confirm arrival. Who may join: a phone on the site's network where the site allows it
 * (`visitors.joinWithoutPhone`, `visitors.siteNetworks`), or anyone with a phone number proven by
 * a one-time code — one open ticket per number per service, matched by the number's HMAC.
 * Caps: the service's daily cap and the joins per address per hour, counted synchronously with
 * the number being taken so that concurrent requests cannot slip past them.
 */
import {
  CallboardError,
  type IssuedTicket,
  type JoinBody,
  type JoinOptions,
  type Lang,
  type Service,
  type StoredIdentity,
} from '../protocol';
import { arrivalCheckFor, waitRange } from '../queue';
import { localMinutesAndWeekday } from '../time';
import type { Caller } from './caller';
import type { ClosingTime } from './closing-time';
import type { Issuer } from './issuer';
import type { PhoneCodes } from './phone-codes';
import type { QueueParts } from './queue-parts';
import type { QueueViews } from './queue-views';

const HOUR_MS = 60 * 60_000;

export class RemoteJoin {
  private readonly byAddress = new Map<string, number[]>();

  constructor(
    private readonly q: QueueParts,
    private readonly issuer: Issuer,
    private readonly views: QueueViews,
    readonly codes: PhoneCodes,
    /** Whether a request address is on the site's own network (security/site-network.ts). */
    private readonly onSite: (ip: string | undefined) => boolean,
    /** Opening hours with today's changes (a supervisor's extend or close early). */
    private readonly closing: Pick<ClosingTime, 'isOpen'>,
  ) {}

  /** The join page: services taking remote tickets, with their line and estimate. */
  options(ip: string | undefined, viaPublic: boolean): JoinOptions {
    const now = this.q.now();
    const services = [...this.q.catalogue.services.values()].filter((s) => s.remoteJoin?.enabled);
    return {
      services: services.map((s) => {
        const rj = s.remoteJoin as NonNullable<Service['remoteJoin']>;
        const why = this.closedBecause(s, now);
        const estimatedWaitSec = this.views.estimateNewArrival(s.id);
        return {
          serviceId: s.id,
          name: s.name,
          waiting: this.q.book.lines.count(s.id),
          estimatedWaitSec,
          estimatedWaitRange: waitRange(estimatedWaitSec),
          joinable: why === undefined,
          ...(why ? { closedBecause: why } : {}),
          ...(rj.latestJoin ? { latestJoin: rj.latestJoin } : {}),
          arrivalConfirmation: rj.arrivalConfirmation,
          graceMin: rj.graceMin,
        };
      }),
      withoutPhone: this.mayJoinWithoutPhone(ip, viaPublic),
      phoneCodes: this.codes.available,
    };
  }

  async join(body: JoinBody, caller: Caller, viaPublic: boolean): Promise<IssuedTicket> {
    const now = this.q.now();
    const service = this.q.catalogue.service(body.serviceId);
    const rj = service.remoteJoin;
    if (!rj?.enabled) throw new CallboardError('REMOTE_JOIN_CLOSED', `service ${service.id} takes no tickets from phones`);
    const why = this.closedBecause(service, now);
    if (why === 'hours' || why === 'late')
      throw new CallboardError('REMOTE_JOIN_CLOSED', `service ${service.id} takes no more tickets from phones today`, {
        reason: why,
      });
    let phone: StoredIdentity | undefined;
    if (body.phone) phone = this.codes.verify(body.phone.number, body.phone.code, now);
    else if (!this.mayJoinWithoutPhone(caller.ip, viaPublic))
      throw new CallboardError('NOT_ON_SITE_NETWORK', 'join with your phone number, or on the site’s Wi-Fi');
    const ip = caller.ip ?? 'unknown';
    return this.issuer.issueRemote(
      service.id,
      body.lang,
      caller,
      { via: phone ? 'phone' : 'site-network', ...(phone ? { phone } : {}), ...arrivalOf(rj) },
      () => this.count(service, ip, this.q.now()),
    );
  }

  /** Sends a one-time code to the number a visitor joins with (phone-codes.ts). */
  requestCode(phone: string, lang: Lang, ip: string): Promise<{ expiresInSec: number }> {
    return this.codes.request(phone, lang, ip, this.q.now());
  }

  /** Whether a phone at `ip` may join without a number: the site allows it and the address is on its network. */
  mayJoinWithoutPhone(ip: string | undefined, viaPublic: boolean): boolean {
    // Through the public listener every request comes from the reverse proxy: never "on site".
    return this.q.config.visitors.joinWithoutPhone && !viaPublic && this.onSite(ip);
  }

  /** Whether a request address is on the site's network (for "I'm here"). */
  isOnSite(ip: string | undefined, viaPublic: boolean): boolean {
    return !viaPublic && this.onSite(ip);
  }

  private closedBecause(s: Service, now: number): 'hours' | 'late' | 'full' | undefined {
    const tz = this.q.config.site.timezone;
    if (!this.closing.isOpen(s, now) || !s.walkIns) return 'hours';
    const latest = s.remoteJoin?.latestJoin;
    if (latest && localMinutesAndWeekday(now, tz).minutes > minutesOf(latest)) return 'late';
    if (this.remoteToday(s.id) >= (s.remoteJoin?.dailyCap ?? 0)) return 'full';
    return undefined;
  }

  /** Counts one join, or refuses it: the service's daily cap, then the address's hourly cap. */
  private count(s: Service, ip: string, now: number): void {
    if (this.remoteToday(s.id) >= (s.remoteJoin?.dailyCap ?? 0))
      throw new CallboardError(
        'REMOTE_JOIN_LIMIT',
        `today's tickets from phones for service ${s.id} are all taken: please come to the kiosk`,
      );
    const times = (this.byAddress.get(ip) ?? []).filter((t) => now - t < HOUR_MS);
    if (times.length >= this.q.config.visitors.joinPerAddressPerHour)
      throw new CallboardError('REMOTE_JOIN_LIMIT', 'this device has taken the most tickets allowed in an hour');
    times.push(now);
    this.byAddress.set(ip, times);
  }

  /** Remote tickets of this service in today's book (any status: a cancelled one still counts). */
  private remoteToday(serviceId: string): number {
    let n = 0;
    for (const t of this.q.book.all()) if (t.source === 'remote' && t.serviceId === serviceId && !t.transferredFrom) n++;
    return n;
  }
}

function arrivalOf(rj: NonNullable<Service['remoteJoin']>) {
  const arrival = arrivalCheckFor(rj.arrivalConfirmation, rj.graceMin);
  return arrival ? { arrival } : {};
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
