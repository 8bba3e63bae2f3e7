/**
 * Calls from the PBX at the clerks' desks (docs/phone.md "Screen-pop"): extensions are mapped to
 * the staff signed in at them (the clerk says their extension at the desk); a call ringing at an
 * extension pops up on that clerk's console within a second, with the caller's masked number and
 * their history — visits and calls of the last N days, open follow-ups, a repeat-contact badge — found by
 * the keyed HMAC of the number (the same as a phone identity's). The clear number is not kept:
 * it is hashed and masked the moment the event arrives. An ended call is audited as a phone
 * contact (masked number, extension, staff, answered or abandoned, talk and wait time).
 *
 * The console collects its pops by long poll (`GET /phone/pops?after=&wait=`).
 */
import type { HubConfig } from '../config';
import { phoneSettings } from '../config';
import type { PhoneContact, PopVisit, ScreenPop, Ticket } from '../protocol';
import { protectIdentity } from '../security';
import { callerFor } from '../service/caller';
import type { QueueService } from '../service/queue-service';
import { addDays, businessDate } from '../time';
import type { CallEvent } from './ami/calls';

const REPEAT_DAYS = 7;

/** HMAC and mask of a caller ID; a withheld or odd one ("anonymous") has neither. */
function protect(secret: string, caller: string): { hmac?: string; masked: string } {
  try {
    return protectIdentity({ kind: 'phone', value: caller }, secret);
  } catch {
    return { masked: '****' };
  }
}
const KEEP_POPS = 20;
/** The longest a call is taken to have lasted (its start as the PBX reports it is kept within this). */
const MAX_CALL_MS = 24 * 3600_000;

export interface ScreenPopDeps {
  config: HubConfig;
  secret: string;
  queue: QueueService;
  /** Archived tickets of an identity between two business dates (inclusive). */
  archived: (hmac: string, from: string, to: string) => Promise<Ticket[]>;
  now: () => number;
  /** The phone-contacts store (hub/src/store/phone-contact-repository.ts); none in some tests. */
  contacts?: { record(c: PhoneContact): Promise<void>; ofIdentity(hmac: string): Promise<PhoneContact[]> };
}

interface Waiter {
  after: number;
  resolve: () => void;
}

/** Calls rung and not yet ended that are kept (no site has this many lines ringing at once). */
export const MAX_OPEN_CALLS = 500;

export class ScreenPops {
  private readonly byExtension = new Map<string, string>();
  private readonly pops = new Map<string, ScreenPop[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Per call: the staff its pop went to, and what is known for the contact record. */
  private readonly calls = new Map<string, { staffId?: string; masked: string; hmac?: string }>();
  private seq = 0;

  constructor(private readonly d: ScreenPopDeps) {}

  /** The clerk `staffId` is at `extension` (one clerk per extension; a clerk at one extension). */
  setExtension(staffId: string, extension: string): void {
    for (const [ext, id] of this.byExtension) if (id === staffId || ext === extension) this.byExtension.delete(ext);
    this.byExtension.set(extension, staffId);
  }

  extensionOf(staffId: string): string | undefined {
    for (const [ext, id] of this.byExtension) if (id === staffId) return ext;
    return undefined;
  }

  /** The pops of `staffId` after `after`; waits up to `waitMs` for one when there is none yet. */
  async popsFor(staffId: string, after: number, waitMs: number): Promise<ScreenPop[]> {
    const ready = () => (this.pops.get(staffId) ?? []).filter((p) => p.seq > after);
    if (ready().length > 0 || waitMs <= 0) return ready();
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(staffId) ?? new Set<Waiter>();
      const w: Waiter = {
        after,
        resolve: () => {
          clearTimeout(timer);
          set.delete(w);
          resolve();
        },
      };
      const timer = setTimeout(w.resolve, waitMs);
      set.add(w);
      this.waiters.set(staffId, set);
    });
    return ready();
  }

  /**
   * One call event from the PBX link (AMI, or the plain REST events of another PBX). Events are
   * handled one after the other, in the order they came (a ringing call's history lookup may
   * take a moment; its hang-up must not overtake it).
   */
  handle(e: CallEvent): Promise<void> {
    const next = this.chain.then(() => this.handleNow(e));
    this.chain = next.catch(() => {});
    return next;
  }

  private chain: Promise<void> = Promise.resolve();

  private async handleNow(e: CallEvent): Promise<void> {
    if (e.type === 'ended') return this.ended(e);
    const staffId = this.byExtension.get(e.extension);
    const known = this.calls.get(e.callId);
    if (e.type === 'ringing') {
      const who = protect(this.d.secret, e.caller);
      this.calls.set(e.callId, { ...(staffId ? { staffId } : {}), ...who });
      // A call whose end never comes (a PBX restart, a lost event) must not stay in memory with its
      // caller: past the bound the oldest goes (its end, if it comes, names the caller again).
      if (this.calls.size > MAX_OPEN_CALLS) this.calls.delete(this.calls.keys().next().value as string);
      if (!staffId) return;
      const history = who.hmac
        ? await this.history(who.hmac)
        : { days: phoneSettings(this.d.config.phone).historyDays, visits: [], openFollowUps: 0, repeat: false, calls: 0 };
      this.push(staffId, {
        callId: e.callId,
        state: 'ringing',
        masked: who.masked,
        extension: e.extension,
        at: e.at,
        ...history,
      });
      return;
    }
    if (!known || !staffId) return;
    const last = (this.pops.get(staffId) ?? []).findLast((p) => p.callId === e.callId);
    if (last) this.push(staffId, { ...last, state: 'answered', at: e.at });
  }

  private async ended(e: Extract<CallEvent, { type: 'ended' }>): Promise<void> {
    const known = this.calls.get(e.callId);
    this.calls.delete(e.callId);
    const staffId = e.extension ? this.byExtension.get(e.extension) : undefined;
    const who = known ?? protect(this.d.secret, e.caller);
    const masked = who.masked;
    if (staffId) {
      const last = (this.pops.get(staffId) ?? []).findLast((p) => p.callId === e.callId);
      if (last) this.push(staffId, { ...last, state: 'ended', at: e.at });
    }
    // The PBX's times, kept within the last day up to now: a start in the future would keep the
    // caller past retention (the business date never comes), one months back would land in a closed day.
    const startedAt = Math.min(Math.max(e.startedAt, e.at - MAX_CALL_MS), e.at);
    const answeredAt = e.answeredAt === undefined ? undefined : Math.min(Math.max(e.answeredAt, startedAt), e.at);
    const ringSec = Math.round(((answeredAt ?? e.at) - startedAt) / 1000);
    const talkSec = answeredAt !== undefined ? Math.round((e.at - answeredAt) / 1000) : undefined;
    // The contact first (the phone-contacts store: reports, repeat contacts), then the audit line.
    const { timezone, dayStartsAt } = this.d.config.site;
    await this.d.contacts?.record({
      id: e.callId,
      kind: 'inbound',
      businessDate: businessDate(startedAt, timezone, dayStartsAt),
      startedAt,
      ...(answeredAt !== undefined ? { answeredAt } : {}),
      endedAt: e.at,
      outcome: e.outcome,
      ...(e.extension ? { extension: e.extension } : {}),
      ...(staffId ? { staffId } : {}),
      ...(e.serviceId ? { serviceId: e.serviceId } : {}),
      ringSec: Math.max(0, ringSec),
      ...(talkSec !== undefined ? { talkSec: Math.max(0, talkSec) } : {}),
      ...(who.hmac ? { callerHmac: who.hmac } : {}),
      callerMasked: masked,
    });
    await this.d.queue.audit.record(callerFor({ kind: 'system', id: 'pbx' }), 'phone.contact', e.callId, {
      masked,
      outcome: e.outcome,
      ...(e.extension ? { extension: e.extension } : {}),
      ...(staffId ? { staffId } : {}),
      waitSec: ringSec,
      ...(talkSec !== undefined ? { talkSec } : {}),
    });
  }

  private push(staffId: string, pop: Omit<ScreenPop, 'seq'>): void {
    const list = this.pops.get(staffId) ?? [];
    list.push({ ...pop, seq: ++this.seq });
    this.pops.set(staffId, list.slice(-KEEP_POPS));
    for (const w of [...(this.waiters.get(staffId) ?? [])]) w.resolve();
  }

  /** The caller's visits of the last N days (today's and archived), by the HMAC of their number. */
  private async history(hmac: string): Promise<Pick<ScreenPop, 'days' | 'visits' | 'openFollowUps' | 'repeat' | 'calls'>> {
    const days = phoneSettings(this.d.config.phone).historyDays;
    const { timezone, dayStartsAt } = this.d.config.site;
    const today = businessDate(this.d.now(), timezone, dayStartsAt);
    const found = [
      ...this.d.queue.views.ticketsOfIdentity(hmac),
      ...(await this.d.archived(hmac, addDays(today, -days), addDays(today, -1))),
    ];
    const visits: PopVisit[] = found
      .filter((t) => !t.transferredTo)
      .map((t) => ({
        number: t.number,
        businessDate: t.businessDate,
        serviceId: t.serviceId,
        status: t.status,
        ...(t.outcome ? { outcome: t.outcome } : {}),
        at: t.events[t.events.length - 1]?.at ?? t.issuedAt,
      }))
      .sort((a, b) => b.at - a.at);
    const repeatSince = addDays(today, -REPEAT_DAYS);
    // Earlier calls of the number at the desks (the phone-contacts store; callbacks are tickets above).
    const calls = ((await this.d.contacts?.ofIdentity(hmac)) ?? []).filter(
      (c) => c.kind === 'inbound' && c.businessDate >= addDays(today, -days),
    );
    return {
      days,
      visits,
      openFollowUps: visits.filter((v) => v.outcome?.startsWith('follow_up')).length,
      repeat: visits.some((v) => v.businessDate >= repeatSince) || calls.some((c) => c.businessDate >= repeatSince),
      calls: calls.length,
    };
  }

  /** Shutdown: every waiting long poll answers now. */
  close(): void {
    for (const set of this.waiters.values()) for (const w of [...set]) w.resolve();
  }
}
