/**
 * The notifications as one service: the phone book, the outbox and the subscriptions, wired to
 * the hub's events. Built by the `notify` plugin (hub/src/plugins/notify.ts).
 */
import type { HubEvents } from '../events';
import type { NotifyRepository } from '../store';
import type { Outbox, SendRequest } from './outbox';
import type { PhoneBook } from './phone-book';
import type { Subscriptions } from './subscriptions';

/** How often phones whose time is up (appointments over) are erased. */
const SWEEP_MS = 60_000;
/** Finished texts stay this long for the supervisor, then go. */
const KEEP_FINISHED_MS = 2 * 24 * 3600_000;

export class Notifier {
  private readonly unsubscribe: (() => void)[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly phones: PhoneBook,
    readonly outbox: Outbox,
    readonly subscriptions: Subscriptions,
    private readonly repo: NotifyRepository,
    private readonly now: () => number,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Queues a text and returns at once (see index.ts). */
  send(req: SendRequest): { id: string } {
    return this.outbox.send(req);
  }

  /** Texts created since `since` (the supervisor's outbox view). */
  recent(since: number) {
    return this.repo.messages(since);
  }

  async start(events: HubEvents): Promise<void> {
    await this.phones.load();
    await this.subscriptions.load();
    await this.sweep();
    await this.outbox.start();
    this.unsubscribe.push(
      events.on('board.published', () => this.subscriptions.onBoard()),
      events.on('ticket.called', ({ ticket }) => this.subscriptions.onTicket(ticket)),
      events.on('ticket.changed', ({ ticket }) => this.subscriptions.onTicket(ticket)),
      events.on('day.rolled', () => void this.endDay().catch((err) => this.log.warn({ err }, 'day end of notifications failed'))),
    );
    this.sweepTimer = setInterval(() => void this.sweep().catch((err) => this.log.warn({ err }, 'phone sweep failed')), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Erases the phones whose time is up and forgets old finished texts. */
  async sweep(): Promise<void> {
    const now = this.now();
    await this.phones.eraseDue(now);
    await this.repo.pruneMessages(now - KEEP_FINISHED_MS);
  }

  /**
   * The business day ended: every ticket's phone and subscription goes, queued texts about
   * tickets are withdrawn, and outbox.db is rewritten so no sealed number stays in old lines.
   */
  async endDay(): Promise<void> {
    await this.subscriptions.endDay();
    await this.outbox.withdraw((d) => d.about?.startsWith('ticket:') === true, 'the business day ended');
    await this.sweep();
    await this.repo.compactOutbox();
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.outbox.close();
  }
}
