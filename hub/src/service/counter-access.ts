/**
 * The queue's checks of a counter and its tickets, on top of what a principal may do at all
 * (principals.ts): a clerk only at a counter serving one of their skills, not at a counter
 * another clerk is signed in at, and only on that counter's tickets; supervisors and admins anywhere.
 */
import { CallboardError, type Ticket } from '../protocol';
import type { AuditLog } from './audit-log';
import type { Caller } from './caller';
import type { CounterRuntime, Counters } from './counters';
import { actingStaff, may, mayWorkAt, type QueueAction, skillsOf } from './principals';

/** Refuses what the principal may not do at all, with `message` when no staff member is behind it. */
function assertMay(caller: Caller, action: QueueAction, message: string): void {
  const d = may(caller.principal, action);
  if (d.ok) return;
  throw new CallboardError('FORBIDDEN', actingStaff(caller.principal) ? d.reason : message);
}

export function assertMayOperate(c: CounterRuntime, caller: Caller, action: QueueAction): void {
  assertMay(caller, action, 'only signed-in staff may operate a counter');
  const staff = actingStaff(caller.principal);
  if (staff?.role === 'clerk' && c.state.staffId && c.state.staffId !== staff.id && c.state.state !== 'closed')
    throw new CallboardError('COUNTER_TAKEN', `counter ${c.id} is signed in by another clerk`);
}

/** Refuses (403 FORBIDDEN_COUNTER, audited as `counter.refused`) a clerk at a counter outside their skills. */
export async function assertCounterAllowed(audit: AuditLog, c: CounterRuntime, caller: Caller, action: string): Promise<void> {
  const staff = actingStaff(caller.principal);
  if (!staff || mayWorkAt(caller.principal, c.services)) return;
  const services = c.services.map((l) => l.serviceId);
  await audit.record(caller, 'counter.refused', c.id, {
    action,
    code: 'FORBIDDEN_COUNTER',
    skills: [...staff.skills],
    services,
  });
  throw new CallboardError('FORBIDDEN_COUNTER', `counter ${c.id} serves none of your services`, { counterId: c.id, services });
}

/**
 * A clerk may act only on tickets of their own services, and only on those of the counter they
 * are signed in at; supervisors on any.
 */
export function assertOwnsTicket(counters: Counters, t: Ticket, caller: Caller, action: QueueAction): void {
  assertMay(caller, action, 'only signed-in staff may change a ticket');
  const skills = skillsOf(caller.principal);
  if (skills && !skills.has(t.serviceId))
    throw new CallboardError('FORBIDDEN', `ticket ${t.number} is for service ${t.serviceId}, which is not among your services`);
  const staff = actingStaff(caller.principal);
  if (staff?.role !== 'clerk' || !t.counterId) return;
  const c = counters.get(t.counterId);
  if (c?.state.staffId && c.state.staffId !== staff.id)
    throw new CallboardError(
      'NOT_COUNTER_TICKET',
      `ticket ${t.number} belongs to counter ${t.counterId}, signed in by another clerk`,
    );
}
