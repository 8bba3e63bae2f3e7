/**
 * The hub's audit log: one record per action, with who really acted (the caller's actor and
 * address). Every service writes through this one place.
 */
import type { Actor } from '../protocol';
import type { Store } from '../store';

export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** `who`: a Caller, or just an actor and address (sign-in, before there is a session). */
  record(
    caller: { actor: Actor; ip?: string },
    action: string,
    target?: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.store.appendAudit({
      at: this.now(),
      actor: caller.actor,
      action,
      ...(target ? { target } : {}),
      ...(caller.ip ? { ip: caller.ip } : {}),
      ...(details ? { details } : {}),
    });
  }
}
