/** A rating pad's score at a counter, recorded on the ticket by the queue. */

import { callerFor } from '../service/caller';
import type { QueueService } from '../service/queue-service';

export async function recordRating(
  deps: { queue: QueueService; log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void } },
  deviceId: string,
  score: number,
  counterId?: string,
): Promise<void> {
  // The rating goes on the ticket (the counter's current one, or the visit it just ended:
  // queue/rating.ts); the audit entry `ticket.rating` is written either way.
  const rated = await deps.queue
    .ratePad(counterId, score, callerFor({ kind: 'device', id: deviceId, deviceKind: 'bridge' }))
    .catch((err: Error) => {
      deps.log.warn({ err: err.message }, 'rating not recorded');
      return undefined;
    });
  deps.log.info({ device: deviceId, score, counter: counterId, ticketId: rated?.id }, 'rating');
}
