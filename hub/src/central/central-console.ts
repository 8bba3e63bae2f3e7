/**
 * `callboard central`: the head-office console's service. One MQTT client on the central broker
 * (Mosquitto, which every site bridges to) reads every site's uplink topics: live status and
 * bridge state into memory (and the store, so a restart remembers the sites), closed days and audit
 * records into its own small store by key, each acknowledged back to the site (`central/ack`) once
 * stored, so the site stops resending it. Nothing here depends on the hub's embedded broker.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { DayKpi } from '../analytics/day-kpi';
import { dailyFromWire, type GroupVisit } from '../analytics/group-visits';
import type { HubConfig } from '../config';
import {
  type AuditUplinkMessage,
  type CentralSite,
  type CentralSiteDetail,
  type ErasureUplinkMessage,
  parseUplinkTopic,
  type SiteStatusMessage,
  topics,
  type UplinkAck,
} from '../protocol';
import type { CentralRepository, CentralSiteDoc } from '../store';
import { type HeardFromSite, siteState } from './site-state';

export interface CentralDeps {
  settings: NonNullable<HubConfig['central']>;
  repo: CentralRepository;
  now: () => number;
  log: { warn: (o: object, m?: string) => void };
}

/** Counters for tests and the bench: messages in, and records that were resends. */
export interface CentralStats {
  dailyReceived: number;
  dailyDuplicates: number;
  auditReceived: number;
  auditDuplicates: number;
  /** Persons erased at a site (records applied), and resends of erasures already applied. */
  erasuresApplied: number;
  erasureDuplicates: number;
  statusReceived: number;
}

export class CentralConsole {
  private readonly heard = new Map<string, HeardFromSite>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly dailyBuffer: { siteId: string; date: string; stats: Record<string, unknown> }[] = [];
  readonly stats: CentralStats = {
    dailyReceived: 0,
    dailyDuplicates: 0,
    auditReceived: 0,
    auditDuplicates: 0,
    erasuresApplied: 0,
    erasureDuplicates: 0,
    statusReceived: 0,
  };
  /** Called after each status a site sends (the bench measures the view's lag with it). */
  onStatus: ((siteId: string, status: SiteStatusMessage) => void) | null = null;

  private constructor(
    private readonly client: MqttClient,
    private readonly deps: CentralDeps,
  ) {}

  static start(deps: CentralDeps): CentralConsole {
    const { settings } = deps;
    const client = mqtt.connect(settings.url, {
      protocolVersion: 4,
      clientId: `callboard-central-${process.pid}`,
      reconnectPeriod: 2000,
      ...(settings.username ? { username: settings.username } : {}),
      ...(settings.password ? { password: settings.password } : {}),
      ...(settings.ca ? { ca: readFileSync(settings.ca) } : {}),
    });
    const central = new CentralConsole(client, deps);
    for (const doc of deps.repo.allSites()) central.heard.set(doc._id, fromDoc(doc));
    client.on('error', (err) => deps.log.warn({ err: err.message }, 'central broker error'));
    client.on('connect', () => {
      client.subscribe([...topics.uplinkWildcards()], { qos: 1 }, (err, granted) => {
        if (err) deps.log.warn({ err: err.message }, 'central subscribe failed');
        else if (granted?.some((g) => g.qos === 128)) deps.log.warn({ granted }, 'central broker refused a subscription');
      });
    });
    client.on('message', (topic, payload, packet) => central.receive(topic, payload, packet.retain));
    return central;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  private receive(topic: string, payload: Buffer, retained: boolean): void {
    const parsed = parseUplinkTopic(topic);
    if (!parsed) return;
    const { siteId, kind } = parsed;
    const now = this.deps.now();
    const heard = this.heard.get(siteId) ?? { status: null, lastSeenAt: null, bridge: null };
    this.heard.set(siteId, heard);
    if (kind === 'bridge-status') {
      const value = payload.toString();
      if (value !== '0' && value !== '1') return;
      heard.bridge = value;
      if (value === '1' && !retained) heard.lastSeenAt = now;
      this.persist(siteId, heard);
      return;
    }
    const body = parseJson(payload);
    if (!body) return;
    // A retained message may be old: it counts as heard from when it was sent, not now.
    const sentAt = typeof body.at === 'number' ? Math.min(body.at, now) : null;
    const seen = retained ? sentAt : now;
    if (seen !== null && (heard.lastSeenAt === null || seen > heard.lastSeenAt)) heard.lastSeenAt = seen;
    if (kind === 'site-status') {
      if (body.state !== 'online' && body.state !== 'offline') return;
      heard.status = body as unknown as SiteStatusMessage;
      this.stats.statusReceived++;
      this.persist(siteId, heard);
      this.onStatus?.(siteId, heard.status);
    } else if (kind === 'daily') {
      const date = body._id;
      if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
      const { v: _v, ...wire } = body;
      const stats = dailyFromWire(wire);
      this.stats.dailyReceived++;
      // Days arriving together (a site catching up, every site at day close) are stored in one write.
      this.dailyBuffer.push({ siteId, date, stats });
      if (this.dailyBuffer.length === 1)
        this.queue(async () => {
          const batch = this.dailyBuffer.splice(0);
          this.stats.dailyDuplicates += await this.deps.repo.putDailyBatch(batch, now);
          const bySite = new Map<string, string[]>();
          for (const d of batch) bySite.set(d.siteId, [...(bySite.get(d.siteId) ?? []), `daily:${d.date}`]);
          for (const [site, keys] of bySite) this.ack(site, keys);
        });
    } else if (kind === 'audit') {
      const records = (body as unknown as AuditUplinkMessage).records;
      if (!Array.isArray(records)) return;
      const valid = records.filter(
        (r) => r && typeof r._id === 'string' && typeof r.at === 'number' && typeof r.action === 'string' && r.actor,
      );
      this.stats.auditReceived += valid.length;
      this.queue(async () => {
        const fresh = await this.deps.repo.putAudit(siteId, valid, now);
        this.stats.auditDuplicates += valid.length - fresh;
        this.ack(
          siteId,
          valid.map((r) => `audit:${r._id}`),
        );
      });
    } else if (kind === 'erasure') {
      this.erasure(siteId, body as unknown as ErasureUplinkMessage, now);
    }
  }

  /**
   * A person erased at a site: their visits leave every site's days, once (a resend changes
   * nothing), then the site is told it may stop sending the erasure.
   */
  private erasure(siteId: string, body: ErasureUplinkMessage, now: number): void {
    if (!Array.isArray(body.records)) return;
    const valid = body.records.filter(
      (r) =>
        r &&
        typeof r._id === 'string' &&
        typeof r.at === 'number' &&
        Array.isArray(r.groups) &&
        r.groups.length > 0 &&
        r.groups.every((g) => typeof g === 'string' && /^[0-9a-f]{16}$/.test(g)),
    );
    this.queue(async () => {
      for (const r of valid) {
        const days = await this.deps.repo.eraseGroupVisits(siteId, r, now);
        if (days === null) this.stats.erasureDuplicates++;
        else this.stats.erasuresApplied++;
      }
      this.ack(
        siteId,
        valid.map((r) => `erasure:${r._id}`),
      );
    });
  }

  /** Store writes one at a time, in arrival order. */
  private queue(work: () => Promise<void>): void {
    this.chain = this.chain
      .then(work)
      .catch((err: Error) => this.deps.log.warn({ err: err.message }, 'central store write failed'));
  }

  private persist(siteId: string, heard: HeardFromSite): void {
    const change: Partial<CentralSiteDoc> = {
      status: heard.status as unknown as Record<string, unknown> | null,
      statusAt: heard.status ? (heard.status.at ?? null) : null,
      lastSeenAt: heard.lastSeenAt,
      bridge: heard.bridge,
    };
    this.queue(() => this.deps.repo.updateSite(siteId, change));
  }

  private ack(siteId: string, keys: string[]): void {
    if (keys.length === 0) return;
    const ack: UplinkAck = { v: 1, keys };
    this.client.publish(topics.centralAck(siteId), JSON.stringify(ack), { qos: 1 });
  }

  /** Every site heard of, by id. */
  sites(): CentralSite[] {
    const now = this.deps.now();
    return [...this.heard.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([siteId, heard]) => this.view(siteId, heard, now));
  }

  private view(siteId: string, heard: HeardFromSite, now: number): CentralSite {
    const counts = this.deps.repo.counts(siteId);
    return {
      siteId,
      siteName: heard.status?.siteName ?? null,
      ...siteState(heard, now, this.deps.settings.offlineAfterSec),
      lastSeenAt: heard.lastSeenAt,
      status: heard.status,
      days: counts.days,
      latestDay: counts.latestDay,
      auditRecords: counts.audit,
    };
  }

  async detail(siteId: string): Promise<CentralSiteDetail | null> {
    const heard = this.heard.get(siteId);
    if (!heard) return null;
    await this.chain;
    const days = await this.deps.repo.daysOf(siteId);
    const audit = await this.deps.repo.auditOf(siteId, 50);
    return {
      site: this.view(siteId, heard, this.deps.now()),
      days: days.map((d) => {
        const s = d.stats as { issued?: number; byStatus?: Record<string, number> };
        return {
          date: d.date,
          issued: s.issued ?? 0,
          done: s.byStatus?.done ?? 0,
          noShow: s.byStatus?.no_show ?? 0,
          receivedAt: d.receivedAt,
        };
      }),
      audit: audit.map((r) => ({
        id: r._id.slice(siteId.length + 1),
        at: r.at,
        action: r.action,
        actor: r.actor.id ? `${r.actor.type}:${r.actor.id}` : r.actor.type,
        target: r.target ?? null,
      })),
    };
  }

  /** Every closed day received (of one site, or all), with its KPI pre-aggregate and group visits: what cross-site reports add up. */
  async siteDays(siteId?: string): Promise<{ siteId: string; date: string; kpi?: DayKpi; visits?: GroupVisit[] }[]> {
    await this.chain;
    const rows = await this.deps.repo.allDays();
    return rows
      .filter((d) => siteId === undefined || d.siteId === siteId)
      .map((d) => {
        const { kpi, groupVisits: visits } = d.stats as { kpi?: DayKpi; groupVisits?: GroupVisit[] };
        return { siteId: d.siteId, date: d.date, ...(kpi ? { kpi } : {}), ...(Array.isArray(visits) ? { visits } : {}) };
      });
  }

  /** Resolves once every message received so far is stored (tests, shutdown). */
  settled(): Promise<unknown> {
    return this.chain;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
    await this.chain;
    await this.deps.repo.close();
  }
}

function parseJson(payload: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(payload.toString()) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function fromDoc(doc: CentralSiteDoc): HeardFromSite {
  return { status: (doc.status as unknown as SiteStatusMessage) ?? null, lastSeenAt: doc.lastSeenAt, bridge: doc.bridge };
}
