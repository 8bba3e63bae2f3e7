/**
 * The wait promised on a ticket, the phone page and the board: forecastWaitSec fed with what
 * the policy knows about this ticket's line (queue/estimate.ts explains the model).
 */
import type { Ticket } from '../protocol';
import type { ArrivalRates } from './arrival-rates';
import { forecastWaitSec } from './estimate';
import { classRule, type QueuePolicy, standing } from './policy';
import type { PolicyLine } from './policy-line';

export interface LineSpeed {
  /** Moving average of counter time per visit in this service. */
  avgServiceSec: number;
  /** Open counters' share of this service (servingCapacity). */
  servers: number;
  /** A counter that could call this service is free right now. */
  idle: boolean;
}

function higherClasses(policy: QueuePolicy, rank: number): string[] {
  return policy.classes.filter((c) => c.rank < rank).map((c) => c.id);
}

/** How long a newcomer of a higher class waits behind `protectedCount` protected tickets. */
function overtakerDelayMs(protectedCount: number, speed: LineSpeed): number {
  return ((protectedCount + 1) * speed.avgServiceSec * 1000) / (speed.servers > 0 ? speed.servers : 1);
}

/** Seconds until this waiting ticket is likely called. */
export function ticketWaitSec(
  p: { ticket: Ticket; now: number; line: PolicyLine; policy: QueuePolicy; rates: ArrivalRates; since: number } & LineSpeed,
): number {
  const st = standing(p.ticket, p.now, p.policy);
  const boundMs = classRule(p.policy, st.classId).boundMs;
  const overtakableForMs = st.group === 2 ? Math.max(0, p.ticket.arrivalAt + boundMs - p.now) : 0;
  const rate = overtakableForMs > 0 ? p.rates.ratePerMs(p.ticket.serviceId, higherClasses(p.policy, st.rank), p.now, p.since) : 0;
  return forecastWaitSec({
    aheadAt: (ms) => p.line.position(p.ticket, p.now + ms),
    overtakeRatePerMs: rate,
    overtakableForMs,
    overtakerDelayMs: rate > 0 ? overtakerDelayMs(p.line.protectedCount(p.now), p) : 0,
    avgServiceSec: p.avgServiceSec,
    servers: p.servers,
    idle: p.idle,
  });
}

/** Seconds a walk-in of class `classId` arriving now would likely wait (the board's and kiosk's figure). */
export function newArrivalWaitSec(
  p: {
    serviceId: string;
    classId: string;
    /** Tickets waiting now: all ahead of a new walk-in of the lowest class. */
    waiting: number;
    /** How many of them are protected (PolicyLine.protectedCount). */
    protected: number;
    now: number;
    policy: QueuePolicy;
    rates: ArrivalRates;
    since: number;
  } & LineSpeed,
): number {
  const rule = classRule(p.policy, p.classId);
  const rate = p.rates.ratePerMs(p.serviceId, higherClasses(p.policy, rule.rank), p.now, p.since);
  return forecastWaitSec({
    aheadAt: () => p.waiting,
    overtakeRatePerMs: rate,
    overtakableForMs: rule.boundMs,
    overtakerDelayMs: rate > 0 ? overtakerDelayMs(p.protected, p) : 0,
    avgServiceSec: p.avgServiceSec,
    servers: p.servers,
    idle: p.idle,
  });
}
