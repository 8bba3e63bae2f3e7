import type { Actor } from '../protocol';
import { actorOf, type Principal } from './principals';

/** Who asks the queue for something: the principal (for permission checks), its actor and address (for the audit log). */
export interface Caller {
  principal: Principal;
  /** Who really acts, as recorded on tickets and in the audit log (`actorOf(principal)`). */
  actor: Actor;
  ip?: string;
}

export function callerFor(principal: Principal, ip?: string): Caller {
  return { principal, actor: actorOf(principal), ...(ip ? { ip } : {}) };
}

export const SYSTEM: Caller = callerFor({ kind: 'system' });
