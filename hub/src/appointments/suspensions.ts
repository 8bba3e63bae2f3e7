/**
 * A suspension: a service, or one counter or clerk of it, unavailable for a while (sickness, a
 * closed counter). It is stored, and each appointment booked within it is moved to the next free
 * slot (rule `move`) or cancelled (rule `cancel`, or `move` with no free slot to move to).
 */
import { randomUUID } from 'node:crypto';
import {
  type AppointmentEventType,
  type AppointmentView,
  CallboardError,
  type SuspensionBody,
  type SuspensionReply,
} from '../protocol';
import type { Caller, QueueService } from '../service/queue-service';
import type { AppointmentDoc, AppointmentRepository, SuspensionDoc } from '../store';
import type { AppointmentRecords } from './records';
import type { AppointmentSettings } from './settings';
import { resourceOf } from './slots';

export class Suspensions {
  constructor(
    private readonly deps: {
      queue: QueueService;
      /** Where suspensions are stored. */
      store: Pick<AppointmentRepository, 'addSuspension'>;
      records: AppointmentRecords;
      settings: AppointmentSettings;
      now: () => number;
      /** The book's audit entry and `appointment.changed` event for each change it makes. */
      audit: (
        caller: Caller,
        action: string,
        doc: AppointmentDoc | undefined,
        details?: Record<string, unknown>,
      ) => Promise<void>;
      emit: (type: AppointmentEventType, doc: AppointmentDoc, reason?: string, from?: AppointmentDoc) => void;
    },
  ) {}

  /** Runs inside the book's writer queue (AppointmentService.suspend), like every other change. */
  async suspend(body: SuspensionBody, caller: Caller): Promise<SuspensionReply> {
    this.deps.records.service(body.serviceId);
    if (body.to <= body.from) throw new CallboardError('VALIDATION_FAILED', '"to" must be after "from"');
    if (body.counterId !== undefined && body.staff !== undefined)
      throw new CallboardError('VALIDATION_FAILED', 'suspend a counter or a clerk, not both at once');
    if (body.counterId !== undefined && !this.deps.queue.counters.has(body.counterId))
      throw new CallboardError('COUNTER_NOT_FOUND', `no counter "${body.counterId}"`);
    const resource = resourceOf(body);
    const rule = body.rule ?? this.deps.settings.suspension;
    const doc: SuspensionDoc = {
      _id: randomUUID(),
      serviceId: body.serviceId,
      ...(resource ? { resource } : {}),
      from: body.from,
      to: body.to,
      rule,
      ...(body.reason ? { reason: body.reason } : {}),
      at: this.deps.now(),
      by: caller.actor,
    };
    await this.deps.store.addSuspension(doc);
    this.deps.records.suspensions.push(doc);
    await this.deps.audit(caller, 'appointment.suspend', undefined, {
      suspensionId: doc._id,
      serviceId: doc.serviceId,
      resource,
      rule,
    });
    const affected = this.deps.records.bookedWithin(body.serviceId, resource, body.from, body.to);
    const moved: AppointmentView[] = [];
    const cancelled: AppointmentView[] = [];
    const reason = body.reason ?? 'suspended';
    for (const d of affected) {
      const target = rule === 'move' ? this.deps.records.nextFree(d) : undefined;
      if (target) {
        const next = this.deps.records.moveTo(d, target, 'moved', caller.actor, reason);
        await this.deps.records.replace(d, next);
        await this.deps.audit(caller, 'appointment.move', next, { fromSlotId: d.slotId, slotId: target.id });
        this.deps.emit('appointment.moved', next, reason, d);
        moved.push(this.deps.records.view(next));
      } else {
        const why = rule === 'move' ? `${reason} (no free slot to move to)` : reason;
        const next = this.deps.records.change(d, { status: 'cancelled' }, 'cancelled', caller.actor, why);
        await this.deps.records.replace(d, next);
        await this.deps.audit(caller, 'appointment.cancel', next, { reason: why });
        this.deps.emit('appointment.cancelled', next, why);
        cancelled.push(this.deps.records.view(next));
      }
    }
    return { id: doc._id, rule, moved, cancelled };
  }
}
