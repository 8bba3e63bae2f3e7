/**
 * Who acts in the hub, said explicitly, and what each may do with the queue. Pure: no I/O, no
 * clock. The queue's permission checks and the audit log see the real actor: a call pad acts for
 * the staff member signed in at its counter (with their own role and skills), the appointment
 * desk checks a visitor in for whoever asked it, and nobody is made up to pass a check.
 */
import type { Actor, CounterServiceLink, TicketSource } from '../protocol';

export type StaffRole = 'clerk' | 'supervisor' | 'admin';

export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  role: StaffRole;
  /** Services a clerk may serve; empty = every service. */
  skills: readonly string[];
}

export type Principal =
  | StaffPrincipal
  /** A paired device (kiosk, bridge, display, counter terminal …). */
  | { kind: 'device'; id: string; deviceKind?: string }
  /** A counter's hardware call pad; `for` = the staff member signed in at that counter, if any. */
  | { kind: 'call-pad'; deviceId: string; padId: string; counterId: string; for?: StaffPrincipal }
  /** The appointment book checking a visitor in, asked by `via` (staff, a kiosk, an integration). */
  | { kind: 'appointment-desk'; via: Principal }
  /** The hub itself (timeouts, day close) or an integration's API key (`id`). */
  | { kind: 'system'; id?: string }
  | { kind: 'anonymous' };

/** Everything the queue lets someone do (the columns of the access table). */
export const QUEUE_ACTIONS = [
  'issue',
  'issue-appointment',
  'operate-counter',
  'call-next',
  'call-specific',
  'recall',
  'start',
  'finish',
  'no-show',
  'cancel',
  'transfer',
  'requeue',
  'rate-at-counter',
  /** Attach an ID card, booking code or phone number to a ticket (and learn of the ticket it already holds). */
  'present-identity',
  /** Ask for a priority class other than the default (the site must also allow it for kiosks). */
  'choose-priority',
  /** A person's request: export everything held about someone, or erase the link to it (docs/personal-data.md). */
  'person-request',
] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/**
 * Device kinds that hand out tickets: a kiosk page, and the bridge whose card reader and scanner
 * sit in that kiosk. A display, call pad or LED screen never does, even with a stolen token.
 */
const ISSUING_DEVICE_KINDS: ReadonlySet<string> = new Set(['kiosk', 'bridge']);

/** What a call pad's keys do; it never pauses, transfers, cancels or calls out of turn. */
const PAD_ACTIONS: ReadonlySet<QueueAction> = new Set(['call-next', 'recall', 'start', 'finish', 'rate-at-counter']);

export type Decision = { ok: true } | { ok: false; code: 'FORBIDDEN'; reason: string };
const ALLOW: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, code: 'FORBIDDEN', reason });

/** The staff member who really acts, if any: staff themselves, through a call pad, or through the appointment desk. */
export function actingStaff(p: Principal): StaffPrincipal | undefined {
  if (p.kind === 'staff') return p;
  if (p.kind === 'call-pad') return p.for;
  if (p.kind === 'appointment-desk') return actingStaff(p.via);
  return undefined;
}

/** Whether `p` may do `action` with the queue (before the queue's own checks of the counter and ticket). */
export function may(p: Principal, action: QueueAction): Decision {
  switch (p.kind) {
    case 'staff':
      if (action === 'call-specific')
        return p.role === 'clerk' ? deny('only a supervisor may call a specific ticket out of turn') : ALLOW;
      if (action === 'person-request')
        return p.role === 'clerk' ? deny('only a supervisor may export or erase a person’s data') : ALLOW;
      return action === 'rate-at-counter' ? deny('ratings come from the visitor') : ALLOW;
    case 'call-pad':
      if (!PAD_ACTIONS.has(action)) return deny(`a call pad cannot ${action}`);
      if (action === 'rate-at-counter') return ALLOW;
      return p.for ? may(p.for, action) : deny('no clerk signed in at the counter');
    case 'device':
      return mayDevice(p.deviceKind, action);
    case 'appointment-desk':
      // The book vouches for the visitor it checks in: identity and appointment time come from the booking.
      return action === 'issue' || action === 'issue-appointment' || action === 'present-identity'
        ? ALLOW
        : deny('the appointment desk only checks visitors in');
    case 'system':
      return action === 'no-show' || action === 'cancel' ? ALLOW : deny('the system only closes tickets');
    case 'anonymous':
      // Whether the site takes anonymous tickets at all, and how many, is the issuer's site setting.
      return action === 'issue' ? ALLOW : deny('sign in first');
  }
}

function mayDevice(deviceKind: string | undefined, action: QueueAction): Decision {
  const kind = deviceKind ?? 'unknown device';
  if (action === 'issue-appointment')
    return deny('appointment times come from the appointment book: check the booking in instead');
  if (action === 'rate-at-counter') return kind === 'bridge' ? ALLOW : deny(`a ${kind} does not record ratings`);
  if (action === 'issue' || action === 'present-identity' || action === 'choose-priority')
    return ISSUING_DEVICE_KINDS.has(kind) ? ALLOW : deny(`a ${kind} does not issue tickets`);
  return deny('a device may only issue tickets and record ratings');
}

/**
 * Whether `p` may ask for a priority class: staff always; a paired kiosk only where the site lets
 * visitors declare it themselves (`issuing.selfDeclaredPriority`); nobody else.
 */
export function mayChoosePriority(p: Principal, selfDeclaredAllowed: boolean): Decision {
  const d = may(p, 'choose-priority');
  if (!d.ok || actingStaff(p)) return d;
  return selfDeclaredAllowed ? ALLOW : deny('this site gives priority classes at the counter, not at the kiosk');
}

/** The services this principal may serve at a counter: a clerk with skills only those; other staff every service (undefined). */
export function skillsOf(p: Principal): ReadonlySet<string> | undefined {
  const staff = actingStaff(p);
  return staff?.role === 'clerk' && staff.skills.length > 0 ? new Set(staff.skills) : undefined;
}

/**
 * Whether this principal may work at a counter with these services: a clerk when at least one
 * is among their skills (no skills = every service); supervisors and admins at any counter;
 * nobody without a staff member behind them.
 */
export function mayWorkAt(p: Principal, services: readonly CounterServiceLink[]): boolean {
  if (!actingStaff(p)) return false;
  const skills = skillsOf(p);
  return skills === undefined || services.some((l) => skills.has(l.serviceId));
}

/** Where a ticket says it came from. */
export function ticketSourceFor(p: Principal, requested: TicketSource | undefined, withAppointment: boolean): TicketSource {
  // The book vouches for the appointment time, whoever asked it to check the visitor in.
  if (p.kind === 'appointment-desk') return 'appointment';
  if (p.kind === 'staff') return requested ?? (withAppointment ? 'appointment' : 'staff');
  if (p.kind === 'device') return 'kiosk';
  // Anonymous callers may say they are a kiosk page or an API client, nothing more.
  return requested === 'kiosk' ? 'kiosk' : 'api';
}

/** The audit log's and the ticket history's actor for a principal: who really acted. */
export function actorOf(p: Principal): Actor {
  switch (p.kind) {
    case 'staff':
      return { type: 'staff', id: p.id };
    case 'device':
      return { type: 'device', id: p.id };
    case 'call-pad':
      return p.for ? { type: 'staff', id: p.for.id } : { type: 'device', id: p.deviceId };
    case 'appointment-desk':
      return actorOf(p.via);
    case 'system':
      return p.id ? { type: 'system', id: p.id } : { type: 'system' };
    case 'anonymous':
      return { type: 'anonymous' };
  }
}
