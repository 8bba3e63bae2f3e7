/**
 * Publishes the queue's changes to MQTT: one `calls` message per call (QoS 1, not retained),
 * the retained `board` snapshot coalesced to at most 10 per second, with each service's retained
 * `lines/<id>` (the board cut to it, for visitors' phones) when that line changed, and retained
 * `counters/<id>`. Topics come only from the protocol module. It learns of changes from the
 * hub's event bus and says on it what board it published (`board.published`, for the uplink).
 */
import type { Bus } from '../broker';
import type { HubEvents } from '../events';
import {
  type BoardSnapshot,
  type CallMessage,
  type Localized,
  lineKey,
  lineOf,
  type Notice,
  type NoticeView,
  type Ticket,
  topics,
} from '../protocol';
import type { NoticeRepository } from '../store';
import { Coalescer } from './coalescer';
import type { QueueService } from './queue-service';
import type { CallExtra } from './recent-calls';

export const BOARD_MIN_INTERVAL_MS = 100;

export class LivePublisher {
  private queue: QueueService | null = null;
  private events: HubEvents | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly board: Coalescer;
  readonly stats = { callsPublished: 0, boardsPublished: 0, errors: 0 };
  /** Per service, the line last published (`lineKey`): an unchanged line is not sent again. */
  private readonly lines = new Map<string, string>();
  /** Supervisors' notices on the boards; kept in `notices.db` once `restoreNotices` has given the store. */
  private readonly noticeList = new Map<string, NoticeView>();
  private readonly noticeTimers = new Map<string, NodeJS.Timeout>();
  private noticeStore: NoticeRepository | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly siteId: string,
    private readonly log: { warn: (obj: object, msg?: string) => void },
  ) {
    this.board = new Coalescer(BOARD_MIN_INTERVAL_MS, () => this.publishBoard());
  }

  /** Starts publishing what the queue says on the event bus. */
  attach(queue: QueueService, events: HubEvents): void {
    this.queue = queue;
    this.events = events;
    this.unsubscribe.push(
      events.on('ticket.called', (e) => {
        const { ticket, counter, recall, at, ...extra } = e;
        this.call(ticket, counter, recall, at, extra);
      }),
      events.on('board.changed', () => this.boardChanged()),
      events.on('counter.changed', (e) => this.counterChanged(e.counterId)),
    );
  }

  /** `extra`: the step of a two-step call and the masked name a screen shows (never a clear name). */
  call(ticket: Ticket, counter: { id: string; name: Localized }, recall: boolean, at: number, extra: CallExtra = {}): void {
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
      ...extra,
    };
    this.stats.callsPublished++;
    this.send(topics.calls(this.siteId), msg, false);
  }

  boardChanged(): void {
    this.board.request();
  }

  counterChanged(counterId: string): void {
    if (!this.queue) return;
    // A counter removed by an admin: an empty retained message clears it from the broker.
    if (!this.queue.counters.has(counterId)) this.send(topics.counter(this.siteId, counterId), '', true);
    else this.send(topics.counter(this.siteId, counterId), this.queue.views.counterMessage(counterId), true);
  }

  /** At start-up the broker holds nothing: republish every retained topic from the store. */
  republishAll(): void {
    if (!this.queue) return;
    this.lines.clear(); // the broker lost them too
    this.publishBoard();
    for (const id of this.queue.counters.keys()) this.counterChanged(id);
  }

  flush(): void {
    this.board.flush();
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.board.stop();
    for (const timer of this.noticeTimers.values()) clearTimeout(timer);
    this.noticeTimers.clear();
  }

  /** Current notices, oldest first. */
  notices(): NoticeView[] {
    return [...this.noticeList.values()];
  }

  /**
   * At start-up: keeps notices in `store` from now on, deletes the expired ones and puts the
   * others back on the boards (oldest first), each with its remaining time.
   */
  async restoreNotices(store: NoticeRepository, now: number): Promise<void> {
    this.noticeStore = store;
    const docs = await store.all();
    const expired = docs.filter((d) => d.expiresAt !== undefined && d.expiresAt <= now).map((d) => d._id);
    await store.remove(expired);
    for (const { _id, ...rest } of docs.filter((d) => !expired.includes(d._id)).sort((a, b) => a.at - b.at))
      this.showNotice({ id: _id, ...rest }, now);
  }

  /** Puts a notice on every board (until removed, or until `expiresAt`); resolves once it is stored. */
  async addNotice(notice: NoticeView, now: number): Promise<void> {
    if (this.noticeStore) {
      const { id, ...rest } = notice;
      await this.noticeStore.add({ _id: id, ...rest });
    }
    this.showNotice(notice, now);
  }

  /** Takes a notice off the boards and out of the store; false if there was none. */
  async removeNotice(id: string): Promise<boolean> {
    const had = this.noticeList.delete(id);
    const timer = this.noticeTimers.get(id);
    if (timer) clearTimeout(timer);
    this.noticeTimers.delete(id);
    if (had) this.board.request();
    if (this.noticeStore) await this.noticeStore.remove([id]);
    return had;
  }

  private showNotice(notice: NoticeView, now: number): void {
    this.noticeList.set(notice.id, notice);
    if (notice.expiresAt !== undefined) {
      const expire = () =>
        this.removeNotice(notice.id).catch((err: Error) => this.log.warn({ err: err.message }, 'expired notice not deleted'));
      const timer = setTimeout(expire, Math.max(0, notice.expiresAt - now));
      timer.unref();
      this.noticeTimers.set(notice.id, timer);
    }
    this.board.request();
  }

  private boardNotices(): Notice[] {
    return this.notices().map(({ id, text, at }) => ({ id, text, at }));
  }

  private publishBoard(): void {
    if (!this.queue) return;
    this.stats.boardsPublished++;
    const snapshot = this.queue.board(this.boardNotices());
    // Lines first: a call's own message has gone to the screens already, and a screen then reads
    // the board while the phones of the called service (who learn of it from their line) wait
    // behind every screen's copy of the board otherwise.
    this.publishLines(snapshot);
    this.send(topics.board(this.siteId), snapshot, true);
    this.events?.emit('board.published', { snapshot });
  }

  /** Each service's line that changed since it was last sent; a service no longer configured is cleared. */
  private publishLines(board: BoardSnapshot): void {
    const gone = new Set(this.lines.keys());
    for (const service of board.services) {
      gone.delete(service.id);
      const line = lineOf(board, service.id);
      const key = lineKey(line);
      if (this.lines.get(service.id) === key) continue;
      this.lines.set(service.id, key);
      this.send(topics.line(this.siteId, service.id), line, true);
    }
    for (const id of gone) {
      this.lines.delete(id);
      this.send(topics.line(this.siteId, id), '', true); // an empty retained message clears it from the broker
    }
  }

  private send(topic: string, payload: unknown, retain: boolean): void {
    this.bus.publish(topic, payload, { qos: 1, retain }).catch((err: Error) => {
      this.stats.errors++;
      this.log.warn({ topic, err: err.message }, 'mqtt publish failed');
    });
  }
}
