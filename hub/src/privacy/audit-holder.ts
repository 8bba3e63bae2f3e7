/**
 * The audit log (`audit.db`) is kept longer than identities (`auditDays`), but never with an
 * identity hash past `identityDays`: entries older than that are reduced to the hash-free form
 * (masked numbers stay), and entries older than `auditDays` are deleted.
 */
import type { AuditRepository } from '../store';
import { hashFreeDetails } from './anonymise';
import type { PersonalDataHolder } from './holders';

export function auditHolder(deps: { audit: AuditRepository }): PersonalDataHolder {
  return {
    name: 'audit',
    async ageOut({ auditBeforeAt, identityBeforeAt }) {
      const deleted = await deps.audit.removeBefore(auditBeforeAt);
      const reduced = await deps.audit.rewriteDetailsBefore(identityBeforeAt, hashFreeDetails);
      return { deleted, reduced };
    },
  };
}
