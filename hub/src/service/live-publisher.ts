/**
 * Publishes the queue's changes to MQTT: one `calls` message per call (QoS 1, not retained),
 * the retained `board` snapshot coalesced to at most 10 per second, and retained
 * `counters/<id>`. Topics come only from the protocol module.
 */
import type { Bus } from '../broker';
import { type CallMessage, type Localized, type Notice, type NoticeView, type Ticket, topics } from '../protocol';
import { Coalescer } from './coalescer';
import type { QueueEvents, QueueService } from './queue-service';

export const BOARD_MIN_INTERVAL_MS = 100;

export class LivePublisher implements QueueEvents {
  private queue: QueueService | null = null;
  private readonly board: Coalescer;
  readonly stats = { callsPublished: 0, boardsPublished: 0, errors: 0 };
  /** Supervisors' notices on the boards (memory only: a restart clears them). */
  private readonly noticeList = new Map<string, NoticeView>();
  private readonly noticeTimers = new Map<string, NodeJS.Timeout>();

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
    for (const timer of this.noticeTimers.values()) clearTimeout(timer);
    this.noticeTimers.clear();
  }

  /** Current notices, oldest first. */
  notices(): NoticeView[] {
    return [...this.noticeList.values()];
  }

  /** Puts a notice on every board (until removed, or until `expiresAt`). */
  addNotice(notice: NoticeView, now: number): void {
    this.noticeList.set(notice.id, notice);
    if (notice.expiresAt !== undefined) {
      const timer = setTimeout(() => this.removeNotice(notice.id), Math.max(0, notice.expiresAt - now));
      timer.unref();
      this.noticeTimers.set(notice.id, timer);
    }
    this.board.request();
  }

  removeNotice(id: string): boolean {
    const had = this.noticeList.delete(id);
    const timer = this.noticeTimers.get(id);
    if (timer) clearTimeout(timer);
    this.noticeTimers.delete(id);
    if (had) this.board.request();
    return had;
  }

  private boardNotices(): Notice[] {
    return this.notices().map(({ id, text, at }) => ({ id, text, at }));
  }

  private publishBoard(): void {
    if (!this.queue) return;
    this.stats.boardsPublished++;
    this.send(topics.board(this.siteId), this.queue.board(this.boardNotices()), true);
  }

  private send(topic: string, payload: unknown, retain: boolean): void {
    this.bus.publish(topic, payload, { qos: 1, retain }).catch((err: Error) => {
      this.stats.errors++;
      this.log.warn({ topic, err: err.message }, 'mqtt publish failed');
    });
  }
}
