/**
 * Publishes the queue's changes to MQTT: one `calls` message per call (QoS 1, not retained),
 * the retained `board` snapshot coalesced to at most 10 per second, and retained
 * `counters/<id>`. Topics come only from the protocol module.
 */
import type { Bus } from '../broker';
import { type CallMessage, type Localized, type Ticket, topics } from '../protocol';
import { Coalescer } from './coalescer';
import type { QueueEvents, QueueService } from './queue-service';

export const BOARD_MIN_INTERVAL_MS = 100;

export class LivePublisher implements QueueEvents {
  private queue: QueueService | null = null;
  private readonly board: Coalescer;
  readonly stats = { callsPublished: 0, boardsPublished: 0, errors: 0 };

  constructor(
    private readonly bus: Bus,
    private readonly siteId: string,
    private readonly log: { warn: (obj: object, msg?: string) => void },
  ) {
    this.board = new Coalescer(BOARD_MIN_INTERVAL_MS, () => this.publishBoard());
  }

  attach(queue: QueueService): void {
    this.queue = queue;
  }

  call(ticket: Ticket, counter: { id: string; name: Localized }, recall: boolean, at: number): void {
    const msg: CallMessage = {
      v: 1,
      ticketId: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      counterId: counter.id,
      counterName: counter.name,
      recall,
      recallCount: ticket.recalls,
      at,
    };
    this.stats.callsPublished++;
    this.send(topics.calls(this.siteId), msg, false);
  }

  boardChanged(): void {
    this.board.request();
  }

  counterChanged(counterId: string): void {
    if (!this.queue) return;
    this.send(topics.counter(this.siteId, counterId), this.queue.counterMessage(counterId), true);
  }

  /** At start-up the broker holds nothing: republish every retained topic from the store. */
  republishAll(): void {
    if (!this.queue) return;
    this.publishBoard();
    for (const id of this.queue.counters.keys()) this.counterChanged(id);
  }

  flush(): void {
    this.board.flush();
  }

  stop(): void {
    this.board.stop();
  }

  private publishBoard(): void {
    if (!this.queue) return;
    this.stats.boardsPublished++;
    this.send(topics.board(this.siteId), this.queue.board(), true);
  }

  private send(topic: string, payload: unknown, retain: boolean): void {
    this.bus.publish(topic, payload, { qos: 1, retain }).catch((err: Error) => {
      this.stats.errors++;
      this.log.warn({ topic, err: err.message }, 'mqtt publish failed');
    });
  }
}
