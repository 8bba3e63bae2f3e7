/**
 * Who may work at a counter and act on its tickets: a clerk only at a counter serving one of
 * their skills, not at a counter another clerk is signed in at, and only on that counter's
 * tickets; supervisors and admins anywhere.
 */
import { CallboardError, type CounterServiceLink, type Ticket } from '../protocol';
import type { AuditLog } from './audit-log';
import type { Caller } from './caller';
import type { CounterRuntime, Counters } from './counters';

/**
 * A clerk may work at a counter when at least one of its services is among their skills (no
 * skills = every service); supervisors and admins at any counter; non-staff at none.
 */
export function counterAllowed(services: readonly CounterServiceLink[], staff: Caller['staff']): boolean {
  if (!staff) return false;
  const skills = skillsOf(staff);
  return skills === undefined || services.some((l) => skills.has(l.serviceId));
}

/** The services a staff member may serve: a clerk with skills only those; anyone else every service (undefined). */
export function skillsOf(staff: Caller['staff']): ReadonlySet<string> | undefined {
  return staff?.role === 'clerk' && staff.skills.length > 0 ? new Set(staff.skills) : undefined;
}

export function assertMayOperate(c: CounterRuntime, caller: Caller): void {
  const staff = caller.staff;
  if (!staff) throw new CallboardError('FORBIDDEN', 'only signed-in staff may operate a counter');
  if (staff.role === 'clerk' && c.state.staffId && c.state.staffId !== staff.id && c.state.state !== 'closed')
    throw new CallboardError('COUNTER_TAKEN', `counter ${c.id} is signed in by another clerk`);
}

/** Refuses (403 FORBIDDEN_COUNTER, audited as `counter.refused`) a clerk at a counter outside their skills. */
export async function assertCounterAllowed(audit: AuditLog, c: CounterRuntime, caller: Caller, action: string): Promise<void> {
  if (!caller.staff || counterAllowed(c.services, caller.staff)) return;
  const services = c.services.map((l) => l.serviceId);
  await audit.record(caller, 'counter.refused', c.id, {
    action,
    code: 'FORBIDDEN_COUNTER',
    skills: [...caller.staff.skills],
    services,
  });
  throw new CallboardError('FORBIDDEN_COUNTER', `counter ${c.id} serves none of your services`, { counterId: c.id, services });
}

/** A clerk may act only on the tickets of the counter they are signed in at; supervisors on any. */
export function assertOwnsTicket(counters: Counters, t: Ticket, caller: Caller): void {
  const staff = caller.staff;
  if (!staff) throw new CallboardError('FORBIDDEN', 'only signed-in staff may change a ticket');
  if (staff.role !== 'clerk' || !t.counterId) return;
  const c = counters.get(t.counterId);
  if (c?.state.staffId && c.state.staffId !== staff.id)
    throw new CallboardError(
      'NOT_COUNTER_TICKET',
      `ticket ${t.number} belongs to counter ${t.counterId}, signed in by another clerk`,
    );
}
