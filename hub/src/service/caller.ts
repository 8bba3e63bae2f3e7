import type { Actor } from '../protocol';

/** Who asks the queue for something, as the queue's permission checks and the audit log see them. */
export interface Caller {
  actor: Actor;
  ip?: string;
  /** Set for staff sessions: used for skill routing and counter ownership. */
  staff?: { id: string; role: 'clerk' | 'supervisor' | 'admin'; skills: string[] };
}
