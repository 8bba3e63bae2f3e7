/**
 * Print jobs sent to the bridges: a ticket rendered for the thermal printer, sent as a command
 * with an expiry, and its result (`print-result` event) told to the kiosk that asked for it.
 */
import { randomUUID } from 'node:crypto';
import type { HubConfig } from '../config';
import type { IssuedTicket, PrintCommand, PrintTicketReply } from '../protocol';
import { withoutLocalQr } from '../security/public-url';
import type { QueueService } from '../service/queue-service';
import type { DeviceCommands } from './device-commands';
import type { DeviceRegistry } from './registry';
import { renderTicketJob } from './ticket-layout';

/** A print job not delivered by then is reported failed by the bridge, not printed late. */
export const PRINT_JOB_TTL_MS = 60_000;

interface PendingJob {
  bridgeId: string;
  ticketId: string;
  number: string;
  kioskId?: string;
  at: number;
}

export class PrintJobs {
  private readonly jobs = new Map<string, PendingJob>();

  constructor(
    private readonly deps: {
      config: HubConfig;
      queue: QueueService;
      registry: DeviceRegistry;
      out: DeviceCommands;
      stats: { printJobs: number };
      log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
      now: () => number;
      /** A print job went out without its QR code (site.publicUrl unset). */
      onLocalQr?: (bridgeId: string) => void;
    },
  ) {}

  /** Sends a ticket's print job to a bridge; the result comes back as a `print-result` event. */
  send(bridgeId: string, ticket: IssuedTicket, opts: { reprint?: boolean; kioskId?: string } = {}): PrintTicketReply {
    const service = this.deps.queue.services.get(ticket.serviceId);
    const at = this.deps.now();
    const { job, removed } = withoutLocalQr(
      renderTicketJob({
        siteName: this.deps.config.site.name,
        serviceName: service?.name ?? { zh: ticket.serviceId, en: ticket.serviceId },
        ...(service?.where ? { where: service.where } : {}),
        ticket,
        timezone: this.deps.config.site.timezone,
        reprint: opts.reprint ?? false,
        missedRequeue: this.deps.queue.catalogue.policy.noShow.requeueWithinMs > 0,
        at,
      }),
    );
    if (removed) {
      this.deps.log.warn(
        { device: bridgeId, number: ticket.number },
        'ticket printed without its QR code: site.publicUrl is local',
      );
      this.deps.onLocalQr?.(bridgeId);
    }
    const jobId = randomUUID();
    const cmd: PrintCommand = { v: 1, type: 'print', at, jobId, expiresAt: at + PRINT_JOB_TTL_MS, job };
    this.prune(at);
    this.jobs.set(jobId, {
      bridgeId,
      ticketId: ticket.id,
      number: ticket.number,
      at,
      ...(opts.kioskId ? { kioskId: opts.kioskId } : {}),
    });
    this.deps.stats.printJobs++;
    this.deps.out.send(bridgeId, cmd);
    const printer = this.deps.registry.printer(bridgeId);
    return { jobId, bridgeId, ...(printer ? { printer } : {}) };
  }

  onResult(deviceId: string, jobId: string, ok: boolean, reason?: string): void {
    this.deps.registry.printResult(deviceId, { jobId, ok, ...(reason ? { reason } : {}) }, this.deps.now());
    const job = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    this.deps.log.info({ device: deviceId, jobId, ok, reason, number: job?.number }, 'print result');
    if (job?.kioskId)
      this.deps.out.toKiosk(job.kioskId, {
        v: 1,
        type: 'print-result',
        at: this.deps.now(),
        jobId,
        ticketId: job.ticketId,
        number: job.number,
        ok,
        ...(reason ? { reason } : {}),
      });
  }

  prune(at: number): void {
    for (const [id, j] of this.jobs) if (at - j.at > 5 * PRINT_JOB_TTL_MS) this.jobs.delete(id);
  }
}
