/**
 * Live administration of the site's set-up: services, counters, priority classes and policy
 * parameters, edited on the admin page and applied without a restart.
 *
 * Each saved set-up is a new version in `DATA_DIR/setup.db` (kept, so the history is there and
 * backups carry it), written before it takes effect. A saved set-up remembers a hash of the
 * configuration file's sections it replaced: at start it is used only while the file still has
 * those sections, so a site manager who later edits the file gets the file (last edit wins,
 * docs/staff.md, "Set-up").
 */
import { createHash } from 'node:crypto';
import type { HubConfig } from '../config';
import { type ResolvedSetup, resolveSetup, schemaProblems } from '../config/setup';
import { CallboardError, type SetupState, SiteSetup } from '../protocol';
import { type SetupVersionDoc as SetupDoc, SetupHistory } from '../store';
import type { Caller, QueueService } from './queue-service';

export class SetupInvalid extends CallboardError {
  constructor(readonly problems: string[]) {
    super('SETUP_INVALID', `the set-up was not saved: ${problems.join('; ')}`, { problems });
  }
}

export interface SetupDeps {
  config: HubConfig;
  now: () => number;
  log: { info: (obj: object, msg?: string) => void; warn: (obj: object, msg?: string) => void };
  /** Staff accounts (their skills must name services that still exist). */
  staff: () => readonly { username: string; skills: readonly string[] }[];
  /** Booked appointments still to come, per service (a service with some cannot be removed). */
  futureAppointments: (serviceId: string) => Promise<number>;
}

function hashSetup(setup: SiteSetup): string {
  return createHash('sha256').update(JSON.stringify(setup)).digest('hex');
}

export class SetupService {
  private latest: SetupDoc | undefined;
  private source: 'file' | 'admin' = 'file';
  private readonly fileHash: string;
  private queue: QueueService | undefined;
  /** Saves run one at a time: each validates against the state the previous one left. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Told of every saved change (config templates audit a site's overrides with it). */
  afterSave: ((before: SiteSetup, after: SiteSetup, caller: Caller) => Promise<void>) | null = null;

  private constructor(
    private readonly history: SetupHistory,
    private readonly deps: SetupDeps,
  ) {
    this.fileHash = hashSetup(deps.config.setup);
  }

  /**
   * Opens the history and, when the newest saved set-up was made over the file as it is now,
   * puts it into `config` (before the queue loads, so counters and services start as saved).
   */
  static async open(deps: SetupDeps): Promise<SetupService> {
    const history = await SetupHistory.open(deps.config.dataDir);
    const service = new SetupService(history, deps);
    const latest = await history.latest();
    service.latest = latest;
    if (!latest) return service;
    if (latest.fileHash !== service.fileHash) {
      deps.log.warn(
        { version: latest.version, savedAt: new Date(latest.savedAt).toISOString(), savedBy: latest.savedBy },
        'the configuration file changed after the last set-up saved on the admin page: the file is in effect',
      );
      return service;
    }
    // Staff are not loaded yet at this point; their skills were checked when the version was saved.
    const problems: string[] = [];
    const resolved = resolveSetup(latest.setup, { staff: [], ...appointmentsOf(deps.config) }, problems);
    if (problems.length > 0) {
      deps.log.warn({ version: latest.version, problems }, 'saved set-up no longer valid: the configuration file is in effect');
      return service;
    }
    service.install(latest.setup, resolved);
    service.source = 'admin';
    deps.log.info({ version: latest.version, savedBy: latest.savedBy }, 'set-up from the admin page in effect');
    return service;
  }

  attach(queue: QueueService): void {
    this.queue = queue;
    queue.catalogue.apply(this.deps.config, this.source === 'admin' ? (this.latest?.version ?? 0) : 0);
  }

  state(): SetupState {
    const state: SetupState = {
      setup: this.deps.config.setup,
      source: this.source,
      version: this.source === 'admin' ? (this.latest?.version ?? 0) : 0,
    };
    if (this.source === 'admin' && this.latest) {
      state.savedAt = this.latest.savedAt;
      state.savedBy = this.latest.savedBy;
    }
    return state;
  }

  /** Every problem with `candidate` as things are now; empty when it can be saved. */
  async check(candidate: unknown): Promise<{ problems: string[]; resolved?: ResolvedSetup }> {
    const schema = schemaProblems(SiteSetup, candidate);
    if (schema.length > 0) return { problems: schema };
    const setup = candidate as SiteSetup;
    const problems: string[] = [];
    const resolved = resolveSetup(
      setup,
      {
        staff: this.deps.staff(),
        ...appointmentsOf(this.deps.config),
        staffLabel: (_i, username) => `staff "${username}"`,
      },
      problems,
    );
    problems.push(...(await this.liveProblems(resolved)));
    return problems.length > 0 ? { problems } : { problems, resolved };
  }

  /** Validates, persists (a new version), applies, audits. Throws `SetupInvalid` listing every problem. */
  save(candidate: unknown, caller: Caller, expectedVersion?: number): Promise<SetupState> {
    const run = this.chain.then(() => this.saveNow(candidate, caller, expectedVersion));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async saveNow(candidate: unknown, caller: Caller, expectedVersion?: number): Promise<SetupState> {
    const current = this.state().version;
    if (expectedVersion !== undefined && expectedVersion !== current)
      throw new CallboardError(
        'SETUP_CHANGED',
        `the set-up changed since you opened it (version ${current}, yours ${expectedVersion}): reload and apply your change again`,
      );
    const { problems, resolved } = await this.check(candidate);
    if (!resolved) throw new SetupInvalid(problems);
    const setup = candidate as SiteSetup;
    const before = this.deps.config.setup;
    const version = (this.latest?.version ?? 0) + 1;
    const doc: SetupDoc = {
      _id: `v${version}`,
      version,
      setup,
      fileHash: this.fileHash,
      savedAt: this.deps.now(),
      savedBy: caller.actor.id ?? caller.actor.type,
    };
    await this.history.append(doc);
    this.latest = doc;
    this.source = 'admin';
    this.install(setup, resolved);
    const queue = this.requireQueue();
    queue.applySetup(version);
    await queue.audit.record(caller, 'setup.update', `v${version}`, describeChange(before, setup));
    await this.afterSave?.(before, setup, caller).catch((err: Error) =>
      this.deps.log.warn({ err: err.message }, 'after set-up save failed'),
    );
    this.deps.log.info({ version, by: doc.savedBy }, 'set-up changed on the admin page');
    return this.state();
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.history.close();
  }

  /** The new set-up replaces the old in the shared config object, which every part reads. */
  private install(setup: SiteSetup, resolved: ResolvedSetup): void {
    const { config } = this.deps;
    config.setup = setup;
    config.services = resolved.services;
    config.counters = resolved.counters;
    config.queue = resolved.queue;
  }

  /** What the queue's current state forbids: removing what is in use today. */
  private async liveProblems(next: ResolvedSetup): Promise<string[]> {
    const queue = this.requireQueue();
    const problems: string[] = [];
    const { byService, byPriority } = queue.openTickets();
    const serviceIds = new Set(next.services.map((s) => s.id));
    for (const id of queue.services.keys()) {
      if (serviceIds.has(id)) continue;
      const open = byService.get(id) ?? 0;
      if (open > 0)
        problems.push(`services: service "${id}" has ${open} open ticket(s) today; finish or transfer them before removing it`);
      const booked = await this.deps.futureAppointments(id);
      if (booked > 0)
        problems.push(`services: service "${id}" has ${booked} booked appointment(s) to come; move or cancel them first`);
    }
    const counterIds = new Set(next.counters.map((c) => c.id));
    for (const c of queue.counters.values()) {
      if (counterIds.has(c.id)) continue;
      if (c.state.state !== 'closed' || c.state.currentTicketId)
        problems.push(`counters: counter "${c.id}" is ${c.state.state}; close it before removing it`);
    }
    const classes = new Set(next.queue.priorities);
    for (const [id, open] of byPriority)
      if (!classes.has(id))
        problems.push(`queue.priorities: class "${id}" is held by ${open} open ticket(s) today; keep it until they are done`);
    return problems;
  }

  private requireQueue(): QueueService {
    if (!this.queue) throw new Error('SetupService used before attach()');
    return this.queue;
  }
}

function appointmentsOf(config: HubConfig): { appointments?: NonNullable<HubConfig['appointments']> } {
  return config.appointments ? { appointments: config.appointments } : {};
}

/** The audit record of a change: what was added, removed and changed, by id. */
function describeChange(before: SiteSetup, after: SiteSetup): Record<string, unknown> {
  const diff = <T extends { id: string }>(a: readonly T[], b: readonly T[]) => {
    const old = new Map(a.map((x) => [x.id, JSON.stringify(x)]));
    const now = new Map(b.map((x) => [x.id, JSON.stringify(x)]));
    return {
      added: [...now.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !now.has(id)),
      changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    };
  };
  return {
    services: diff(before.services, after.services),
    counters: diff(before.counters, after.counters),
    queueChanged: JSON.stringify(before.queue ?? {}) !== JSON.stringify(after.queue ?? {}),
  };
}
