/**
 * Multi-site: a site hub sends head office its retained board, its live status (a heartbeat with
 * waiting, longest wait, service level, devices alerting), its closed days and its audit records.
 * One MQTT client connection to the site's own broker (Mosquitto), whose bridge carries these
 * topics to the central broker (docs/mosquitto/site-bridge.conf); a last will says `offline`.
 *
 * Closed days and audit records go through a durable outbox and are sent until the central
 * instance acknowledges them (`central/ack`, bridged back in): a partition, or a restart during
 * one, loses nothing, and central stores by key, so a resend is stored once. The site never
 * waits for any of this: nothing here is on the path of a visitor or a clerk.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { DailyStatsDoc } from '../analytics/day-summary';
import { dailyWireMessage } from '../analytics/group-visits';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import {
  type AuditUplinkMessage,
  type BoardSnapshot,
  type ErasureUplinkMessage,
  type SiteStatusMessage,
  topics,
  type UplinkAck,
} from '../protocol';
import type { AuditDoc, UplinkOutboxDoc, UplinkOutboxRepository } from '../store';

/** Live figures for the status message (the plugin computes them from the queue and devices). */
export type SiteFigures = Omit<SiteStatusMessage, 'v' | 'state' | 'at' | 'heartbeatSec'>;

export interface UplinkDeps {
  config: HubConfig;
  events: HubEvents;
  outbox: UplinkOutboxRepository;
  figures: () => Promise<SiteFigures>;
  now: () => number;
  log: { warn: (o: object, m?: string) => void };
}

/** Audit records per uplink message. */
const AUDIT_BATCH = 100;
/** A status change is sent at most this often (the heartbeat sends it anyway). */
const STATUS_COALESCE_MS = 500;

export class Uplink {
  private readonly stops: (() => void)[] = [];
  private flushing = false;
  private flushAgain = false;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** The newest board, sent again on every (re)connect: head office sees the board as it is now. */
  private board: string | null = null;

  private constructor(
    private readonly client: MqttClient,
    private readonly siteId: string,
    private readonly deps: UplinkDeps,
    private readonly settings: NonNullable<HubConfig['uplink']>,
  ) {}

  static start(deps: UplinkDeps): Uplink | null {
    const settings = deps.config.uplink;
    if (!settings) return null;
    const siteId = deps.config.site.id;
    const client = mqtt.connect(settings.url, {
      protocolVersion: 4,
      clientId: `callboard-uplink-${siteId}`,
      reconnectPeriod: 2000,
      // Our outbox resends what matters; nothing stale piles up in MQTT.js while offline.
      queueQoSZero: false,
      ...(settings.username ? { username: settings.username } : {}),
      ...(settings.password ? { password: settings.password } : {}),
      ...(settings.ca ? { ca: readFileSync(settings.ca) } : {}),
      will: {
        topic: topics.siteStatus(siteId),
        payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline' })),
        qos: 1,
        retain: true,
      },
    });
    const uplink = new Uplink(client, siteId, deps, settings);
    uplink.wire();
    return uplink;
  }

  private wire(): void {
    const { client, siteId, deps } = this;
    client.on('error', (err) => deps.log.warn({ err: err.message }, 'uplink error'));
    client.on('connect', () => {
      client.subscribe(topics.centralAck(siteId), { qos: 1 });
      if (this.board) client.publish(topics.board(siteId), this.board, { qos: 0, retain: true });
      void this.sendStatus();
      void this.flush();
    });
    client.on('message', (topic, payload) => {
      if (topic !== topics.centralAck(siteId)) return;
      let ack: UplinkAck;
      try {
        ack = JSON.parse(payload.toString()) as UplinkAck;
      } catch {
        return;
      }
      if (!Array.isArray(ack.keys)) return;
      const keys = ack.keys.filter((k): k is string => typeof k === 'string');
      deps.outbox.ack(keys, deps.now()).catch((err: Error) => deps.log.warn({ err: err.message }, 'uplink ack failed'));
    });
    // Every board the hub publishes locally is mirrored (retained: central sees the latest at once).
    this.stops.push(
      deps.events.on('board.published', ({ snapshot }) => {
        this.board = JSON.stringify(withoutNames(snapshot));
        if (client.connected) client.publish(topics.board(siteId), this.board, { qos: 0, retain: true });
        this.statusSoon();
      }),
      deps.events.on('device.status', () => this.statusSoon()),
      deps.events.on('counter.changed', () => this.statusSoon()),
    );
    const heartbeat = setInterval(() => void this.sendStatus(), this.settings.heartbeatSec * 1000);
    const resend = setInterval(() => void this.flush(), this.settings.resendSec * 1000);
    heartbeat.unref();
    resend.unref();
    this.stops.push(() => {
      clearInterval(heartbeat);
      clearInterval(resend);
      if (this.statusTimer) clearTimeout(this.statusTimer);
    });
  }

  private statusSoon(): void {
    if (this.statusTimer || this.closed) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      void this.sendStatus();
    }, STATUS_COALESCE_MS);
    this.statusTimer.unref();
  }

  private async sendStatus(): Promise<void> {
    if (!this.client.connected || this.closed) return;
    try {
      const figures = await this.deps.figures();
      const message: SiteStatusMessage = {
        v: 1,
        state: 'online',
        at: this.deps.now(),
        heartbeatSec: this.settings.heartbeatSec,
        ...figures,
      };
      this.client.publish(topics.siteStatus(this.siteId), JSON.stringify(message), { qos: 1, retain: true });
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'uplink status failed');
    }
  }

  /** Queues a closed day (once per day) and sends it. */
  async queueDaily(stats: DailyStatsDoc): Promise<void> {
    const added = await this.deps.outbox.add({
      _id: `daily:${stats._id}`,
      kind: 'daily',
      body: { ...stats },
      queuedAt: this.deps.now(),
    });
    if (added) void this.flush();
  }

  /** Queues an audit record (only who, what, when and on what: no address, no details). */
  async queueAudit(doc: AuditDoc & { _id: string }): Promise<void> {
    const body: AuditUplinkMessage['records'][number] = {
      _id: doc._id,
      at: doc.at,
      action: doc.action,
      actor: { type: doc.actor.type, ...(doc.actor.id ? { id: doc.actor.id } : {}) },
      ...(doc.target !== undefined ? { target: doc.target } : {}),
    };
    await this.deps.outbox.add({ _id: `audit:${doc._id}`, kind: 'audit', body, queuedAt: this.deps.now() });
    void this.flush();
  }

  /**
   * Queues a person's erasure (their group pseudonyms) for head office, which drops their visits
   * from every site's days. Durable like the days: sent until acknowledged, across restarts.
   */
  async queueErasure(groups: readonly string[]): Promise<boolean> {
    if (groups.length === 0) return false;
    const id = randomUUID();
    const body: ErasureUplinkMessage['records'][number] = { _id: id, at: this.deps.now(), groups: [...groups] };
    const added = await this.deps.outbox.add({ _id: `erasure:${id}`, kind: 'erasure', body, queuedAt: this.deps.now() });
    if (added) void this.flush();
    return added;
  }

  /** Sends everything not yet acknowledged (on connect, after queueing, and every `resendSec`). */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        if (!this.client.connected || this.closed) return;
        const pending = await this.deps.outbox.pending(2000);
        await this.send(pending);
      } while (this.flushAgain);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'uplink send failed');
    } finally {
      this.flushing = false;
    }
  }

  private async send(pending: UplinkOutboxDoc[]): Promise<void> {
    const audit: AuditUplinkMessage['records'] = [];
    const erasures: ErasureUplinkMessage['records'] = [];
    const sends: Promise<unknown>[] = [];
    for (const doc of pending) {
      if (doc.kind === 'daily')
        sends.push(this.client.publishAsync(topics.daily(this.siteId), dailyWireMessage(doc.body), { qos: 1, retain: true }));
      else if (doc.kind === 'erasure') erasures.push(doc.body as ErasureUplinkMessage['records'][number]);
      else audit.push(doc.body as AuditUplinkMessage['records'][number]);
    }
    // Not retained: an erasure is applied once and acknowledged; it must not linger on a broker.
    if (erasures.length > 0) {
      const message: ErasureUplinkMessage = { v: 1, records: erasures };
      sends.push(this.client.publishAsync(topics.erasure(this.siteId), JSON.stringify(message), { qos: 1 }));
    }
    for (let i = 0; i < audit.length; i += AUDIT_BATCH) {
      const message: AuditUplinkMessage = { v: 1, records: audit.slice(i, i + AUDIT_BATCH) };
      sends.push(this.client.publishAsync(topics.audit(this.siteId), JSON.stringify(message), { qos: 1 }));
    }
    await Promise.all(sends);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops) stop();
    // A clean shutdown says so; the will covers crashes and cut cables.
    if (this.client.connected)
      await this.client
        .publishAsync(topics.siteStatus(this.siteId), JSON.stringify({ v: 1, state: 'offline', at: this.deps.now() }), {
          qos: 1,
          retain: true,
        })
        .catch(() => undefined);
    await this.client.endAsync(!this.client.connected);
    await this.deps.outbox.close();
  }
}

/** The board without visitors' masked names (calls and counters), for copies leaving the site. */
export function withoutNames(board: BoardSnapshot): BoardSnapshot {
  const strip = <T extends { name?: string; nameOnly?: boolean }>(x: T): T => {
    const { name: _n, nameOnly: _o, ...rest } = x;
    return rest as T;
  };
  return {
    ...board,
    calls: board.calls.map(strip),
    ...(board.counters ? { counters: board.counters.map((c) => (c.current ? { ...c, current: strip(c.current) } : c)) } : {}),
  };
}
