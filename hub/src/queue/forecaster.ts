/**
 * The forecaster: learns each service's time at the counter from released visits, keeps the
 * day's arrival rates, and turns both into the wait promised on tickets and boards. Pure (time
 * is an argument) so the hub and the simulation (`npm run simulate`) use this same object and
 * can never drift apart.
 */
import type { Service, Ticket } from '../protocol';
import { ArrivalRates } from './arrival-rates';
import { type CounterCapacity, ewma, occupancySec, SERVICE_TIME_ALPHA, servingCapacity } from './estimate';
import { newArrivalWaitSec, ticketWaitSec } from './forecast';
import type { QueuePolicy } from './policy';
import { standing } from './policy';
import type { PolicyLine } from './policy-line';

/** Service time assumed for a service nobody configured or measured. */
const DEFAULT_SERVICE_SEC = 300;

/** What the forecaster needs to know of the floor right now, for one service. */
export interface FloorNow {
  /** The open counters (with their clerk's skills when known). */
  open: readonly CounterCapacity[];
  /** Whether a service has visitors waiting (a counter's time is only split among those). */
  hasWaiting: (serviceId: string) => boolean;
  /** A counter that could call this service is free right now. */
  idle: boolean;
}

export class Forecaster {
  private readonly avgServiceSec = new Map<string, number>();
  private readonly rates = new ArrivalRates();
  /** First arrival of the business day (arrival rates are not measured from before it). */
  private since = 0;

  constructor(services: readonly Pick<Service, 'id' | 'avgServiceSec'>[]) {
    for (const s of services) this.avgServiceSec.set(s.id, s.avgServiceSec);
  }

  /** A new set of services: learned times are kept for the services that stay. */
  applyServices(services: readonly Pick<Service, 'id' | 'avgServiceSec'>[]): void {
    const learned = new Map(this.avgServiceSec);
    this.avgServiceSec.clear();
    for (const s of services) this.avgServiceSec.set(s.id, learned.get(s.id) ?? s.avgServiceSec);
  }

  /** A new business day: arrival rates start again from its first arrival. */
  startDay(since: number): void {
    this.rates.clear();
    this.since = since;
  }

  /** A ticket joined its line at `at` (issued, transferred, re-queued). */
  recordArrival(t: Ticket, policy: QueuePolicy, at: number, classAt = at): void {
    this.rates.record(t.serviceId, standing(t, classAt, policy).classId, at);
  }

  /** Feeds the service's moving average with the counter time a released visit took. */
  learn(t: Ticket, releasedAt: number): void {
    // A called or serving visit is not over yet. (A waiting ticket has not been called since it
    // joined the line, so occupancySec finds nothing to learn from it.)
    if (t.status === 'called' || t.status === 'serving') return;
    const sample = occupancySec(t, releasedAt);
    if (sample === undefined) return;
    const prev = this.avgServiceSec.get(t.serviceId) ?? sample;
    this.avgServiceSec.set(t.serviceId, ewma(prev, sample, SERVICE_TIME_ALPHA));
  }

  /** Current moving average of counter time per visit. */
  serviceSec(serviceId: string): number {
    return this.avgServiceSec.get(serviceId) ?? DEFAULT_SERVICE_SEC;
  }

  /** Open counters' share of this service (weights, clerk skills, and which lines have visitors). */
  servers(serviceId: string, floor: Pick<FloorNow, 'open' | 'hasWaiting'>): number {
    return servingCapacity(serviceId, floor.open, floor.hasWaiting);
  }

  private speed(serviceId: string, floor: FloorNow) {
    return { avgServiceSec: this.serviceSec(serviceId), servers: this.servers(serviceId, floor), idle: floor.idle };
  }

  /** The wait to promise this waiting ticket in its line. */
  ticketWait(t: Ticket, p: { now: number; line: PolicyLine; policy: QueuePolicy; floor: FloorNow }): number {
    return ticketWaitSec({
      ticket: t,
      now: p.now,
      line: p.line,
      policy: p.policy,
      rates: this.rates,
      since: this.since,
      ...this.speed(t.serviceId, p.floor),
    });
  }

  /** The wait a normal walk-in arriving now would face. */
  newArrivalWait(
    serviceId: string,
    p: { now: number; waiting: number; protected: number; policy: QueuePolicy; floor: FloorNow },
  ): number {
    return newArrivalWaitSec({
      serviceId,
      classId: 'normal',
      waiting: p.waiting,
      protected: p.protected,
      now: p.now,
      policy: p.policy,
      rates: this.rates,
      since: this.since,
      ...this.speed(serviceId, p.floor),
    });
  }
}
