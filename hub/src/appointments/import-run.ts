/**
 * Running an import: the plan of `planImport`, written row by row (all or nothing unless
 * `partial`), with one audit entry for the whole import and a `booked` event per written row.
 * The caller runs it inside the book's writer queue.
 */
import type { AppointmentEventType, ImportReply } from '../protocol';
import type { Caller } from '../service/queue-service';
import type { AppointmentDoc, AppointmentRepository } from '../store';
import { type ImportJsonRow, planImport } from './import-plan';
import type { AppointmentRecords } from './records';

export interface ImportRunDeps {
  /** Where appointments are stored. */
  store: Pick<AppointmentRepository, 'add'>;
  records: AppointmentRecords;
  secret: string;
  /** The book's audit entry and `appointment.changed` event. */
  audit: (caller: Caller, action: string, doc: AppointmentDoc | undefined, details?: Record<string, unknown>) => Promise<unknown>;
  emit: (type: AppointmentEventType, doc: AppointmentDoc) => void;
}

export async function runImport(
  deps: ImportRunDeps,
  source: { csv: string } | { rows: ImportJsonRow[] },
  opts: { dryRun: boolean; partial: boolean },
  caller: Caller,
): Promise<ImportReply> {
  const { results, plan } = planImport(source, deps.records, deps.secret);
  const invalid = results.filter((r) => !r.ok).length;
  const commit = !opts.dryRun && (opts.partial || invalid === 0);
  let imported = 0;
  if (commit) {
    for (const p of plan) {
      const doc = deps.records.newDoc(p.slot, p.identity, p.channel, caller.actor, p.name);
      await deps.store.add(doc);
      deps.records.index(doc);
      p.result.ref = doc.ref;
      imported++;
      deps.emit('appointment.booked', doc);
    }
  }
  await deps.audit(caller, 'appointment.import', undefined, {
    dryRun: opts.dryRun,
    partial: opts.partial,
    total: results.length,
    invalid,
    imported,
  });
  return {
    dryRun: opts.dryRun,
    partial: opts.partial,
    total: results.length,
    valid: results.length - invalid,
    invalid,
    imported,
    rows: results,
  };
}
