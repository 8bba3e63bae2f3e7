/**
 * What the clients of a chaos run were told, and what they saw: every acknowledged ticket,
 * every acknowledged call, every call a screen heard. The invariants are checked against it:
 * an acknowledgement is a promise the hub must keep across any crash.
 */
import { businessDate } from '@callboard/hub/time';

export interface Violation {
  invariant: 'lost ticket' | 'duplicate number' | 'double call' | 'lost call' | 'screen recovery' | 'store refused to start';
  detail: string;
}

export class Ledger {
  /** id → what the kiosk was told. */
  readonly tickets = new Map<string, { number: string; serviceId: string }>();
  /** business day + number → id: one visitor per number per day. */
  private readonly numbers = new Map<string, string>();
  /** ticket id → acknowledged call-next responses that named it. */
  private readonly callAcks = new Map<string, number>();
  /** ticket id → distinct `at` of non-recall call messages heard by screens. */
  private readonly heard = new Map<string, Set<number>>();
  readonly violations: Violation[] = [];
  readonly counts = { ticketsAcked: 0, callsAcked: 0, callsHeard: 0 };

  constructor(private readonly timeZone: string) {}

  ticketAcked(t: { id: string; number: string; serviceId: string; issuedAt: number }): void {
    this.counts.ticketsAcked++;
    this.tickets.set(t.id, { number: t.number, serviceId: t.serviceId });
    const key = `${businessDate(t.issuedAt, this.timeZone)} ${t.number}`;
    const other = this.numbers.get(key);
    if (other !== undefined && other !== t.id)
      this.violations.push({ invariant: 'duplicate number', detail: `${key} given to ${other} and ${t.id}` });
    this.numbers.set(key, t.id);
  }

  callAcked(ticketId: string, number: string): void {
    this.counts.callsAcked++;
    const n = (this.callAcks.get(ticketId) ?? 0) + 1;
    this.callAcks.set(ticketId, n);
    if (n > 1)
      this.violations.push({ invariant: 'double call', detail: `${number} (${ticketId}) answered call-next ${n} times` });
  }

  callHeard(call: { ticketId: string; number: string; recall: boolean; at: number }): void {
    if (call.recall) return;
    this.counts.callsHeard++;
    const ats = this.heard.get(call.ticketId) ?? new Set<number>();
    // The same message twice (a QoS 1 redelivery, or two screens) has the same `at`.
    ats.add(call.at);
    this.heard.set(call.ticketId, ats);
    if (ats.size === 2)
      this.violations.push({ invariant: 'double call', detail: `screens heard ${call.number} (${call.ticketId}) called twice` });
  }

  calledIds(): string[] {
    return [...this.callAcks.keys()];
  }

  count(invariant: Violation['invariant']): number {
    return this.violations.filter((v) => v.invariant === invariant).length;
  }
}
