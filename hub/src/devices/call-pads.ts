/**
 * Hardware call pads (config `counters[].pad`): a key press acts for the staff member signed in
 * at the pad's counter, with their own role and skills, or is refused and audited.
 */
import type { HubConfig } from '../config';
import type { CallboardError } from '../protocol';
import type { AuditLog } from '../service/audit-log';
import { callerFor } from '../service/caller';
import { outcomeRequired } from '../service/outcome-rule';
import { may, type StaffPrincipal } from '../service/principals';
import type { QueueService } from '../service/queue-service';
import type { DeviceCommands } from './device-commands';

export class CallPads {
  constructor(
    private readonly deps: {
      config: HubConfig;
      queue: QueueService;
      audit: AuditLog;
      out: DeviceCommands;
      staffMember?: (id: string) => StaffPrincipal | undefined;
      log: { info(obj: object, msg?: string): void };
    },
  ) {}

  /** The counter whose call pad this is (config `counters[].pad = {deviceId, padId}`). */
  counterOf(deviceId: string, padId: string): string | undefined {
    return this.deps.config.counters.find((c) => c.pad?.deviceId === deviceId && c.pad.padId === padId)?.id;
  }

  /**
   * A call pad key: `call`/`next` calls the next visitor, `recall` calls the current one again,
   * `finish` ends the current visit as `resolved` (starting it first if the visitor was only called;
   * refused where the site requires the clerk to choose the outcome, as is `next` then). The pad
   * acts for the staff member signed in at its counter, with their own role and skills; with
   * nobody signed in it may do nothing, and the press is refused and audited as the device
   * (`pad.refused`).
   */
  async press(deviceId: string, padId: string, button: string): Promise<void> {
    const counterId = this.counterOf(deviceId, padId);
    if (!counterId) return;
    const { queue } = this.deps;
    const counter = queue.counters.get(counterId);
    if (!counter) return;
    const action = button === 'call' || button === 'next' ? 'next' : button === 'recall' || button === 'finish' ? button : null;
    if (!action) return;
    const staffId = counter.state.state === 'closed' ? undefined : counter.state.staffId;
    const signedIn = staffId ? this.deps.staffMember?.(staffId) : undefined;
    const pad = callerFor({ kind: 'call-pad', deviceId, padId, counterId, ...(signedIn ? { for: signedIn } : {}) });
    const allowed = may(pad.principal, action === 'next' ? 'call-next' : action);
    if (!allowed.ok) {
      await this.deps.audit.record(pad, 'pad.refused', counterId, { button, padId, reason: allowed.reason });
      this.deps.out.beep(deviceId, padId);
      return;
    }
    await this.deps.audit.record(pad, 'pad.press', counterId, { button, deviceId, padId });
    try {
      const currentId = counter.state.currentTicketId;
      if (action === 'next') await queue.callNext(counterId, pad);
      else if (currentId && action === 'recall') await queue.recall(currentId, pad);
      else if (currentId && action === 'finish') {
        // A pad has no way to choose an outcome: where the site requires one, the clerk finishes at the desk.
        if (queue.catalogue.outcomeRequired) throw outcomeRequired(queue.ticket(currentId));
        if (queue.ticket(currentId).status === 'called') await queue.start(currentId, pad);
        await queue.finish(currentId, pad, 'resolved', 'finished on the call pad');
      }
    } catch (err) {
      // QUEUE_EMPTY, paused counter, recall limit …: the clerk hears a beep, the log says why.
      this.deps.out.beep(deviceId, padId);
      this.deps.log.info({ device: deviceId, counter: counterId, button, err: (err as CallboardError).code }, 'call pad refused');
    }
  }
}
