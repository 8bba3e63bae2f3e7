/**
 * Caps on tickets that nobody vouches for (no paired device, staff session or API key): so many
 * per service and so many per network address in any hour. They keep a prankster with a laptop
 * from filling a service's line with fake tickets; kiosks and staff are never counted, so they
 * are never refused. The windows live in memory: a restart forgets them, which an attacker on
 * the LAN cannot cause (documented in docs/security.md). Time comes in as an argument.
 */
import type { IssuingSettings } from '../config';
import { CallboardError } from '../protocol';

const HOUR_MS = 60 * 60_000;
/** Sweep addresses not seen for an hour after this many takes, so the map cannot grow without bound. */
const SWEEP_EVERY = 1_000;

export class AnonymousQuota {
  private readonly byService = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();
  /** When each service last refused an anonymous ticket (the supervisor's floor alert). */
  private readonly refusedAt = new Map<string, number>();
  private takes = 0;

  constructor(private readonly settings: () => IssuingSettings) {}

  /**
   * Counts one anonymous ticket for `serviceId` from `address` at `now`, or refuses it with
   * 429 ISSUE_LIMIT when either window is full. Counted before the ticket is stored, so
   * concurrent requests cannot slip past the cap together.
   */
  take(serviceId: string, address: string, now: number): void {
    const { anonymousPerServicePerHour, anonymousPerAddressPerHour } = this.settings();
    const service = recent(this.byService, serviceId, now);
    const fromAddress = recent(this.byAddress, address, now);
    if (service.length >= anonymousPerServicePerHour) {
      this.refusedAt.set(serviceId, now);
      throw new CallboardError(
        'ISSUE_LIMIT',
        'too many tickets were taken without a kiosk for this service in the last hour: please take your ticket at the kiosk or a counter',
        { serviceId, retryAfterSec: retryAfter(service, now) },
      );
    }
    if (fromAddress.length >= anonymousPerAddressPerHour)
      throw new CallboardError(
        'ISSUE_LIMIT',
        'this device has taken the most tickets allowed in an hour: please take your ticket at the kiosk or a counter',
        { retryAfterSec: retryAfter(fromAddress, now) },
      );
    service.push(now);
    fromAddress.push(now);
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(now);
  }

  /** Services that refused an anonymous ticket in the last hour, with when they last did. */
  limited(now: number): { serviceId: string; at: number }[] {
    return [...this.refusedAt].filter(([, at]) => now - at < HOUR_MS).map(([serviceId, at]) => ({ serviceId, at }));
  }

  private sweep(now: number): void {
    for (const map of [this.byService, this.byAddress])
      for (const [key, times] of map) if (times.length === 0 || now - (times.at(-1) as number) >= HOUR_MS) map.delete(key);
  }
}

/** The times in `key`'s window that are less than an hour old (pruned in place). */
function recent(map: Map<string, number[]>, key: string, now: number): number[] {
  let times = map.get(key);
  if (!times) {
    times = [];
    map.set(key, times);
  }
  let old = 0;
  while (old < times.length && now - (times[old] as number) >= HOUR_MS) old++;
  if (old > 0) times.splice(0, old);
  return times;
}

function retryAfter(times: readonly number[], now: number): number {
  return Math.max(1, Math.ceil(((times[0] ?? now) + HOUR_MS - now) / 1000));
}
