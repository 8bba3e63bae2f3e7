/**
 * The site's catalogue as the queue works with it: the services, the queue policy, the priority
 * classes' display names, the finish rule and the version of the set-up in effect. Changed only
 * through `apply` (a new set-up).
 */
import type { HubConfig } from '../config';
import { CallboardError, type PriorityClassView, type Service } from '../protocol';
import type { QueuePolicy } from '../queue';

export class Catalogue {
  readonly services = new Map<string, Service>();
  private currentPolicy: QueuePolicy;
  private version = 0;
  /** Priority classes, highest first, with their display names. */
  classes: readonly PriorityClassView[] = [];
  /** A finished visit needs an outcome chosen by the clerk (no default, no finish by "call next"). */
  outcomeRequired = false;

  constructor(config: HubConfig) {
    this.currentPolicy = config.queue.policy;
    this.apply(config, 0);
  }

  /** Takes up the services and policy `config` now holds, as set-up `version` (0 = the file's). */
  apply(config: HubConfig, version: number): void {
    this.currentPolicy = config.queue.policy;
    this.classes = config.queue.classes;
    this.outcomeRequired = config.queue.outcomeRequired;
    this.version = version;
    this.services.clear();
    for (const s of config.services) this.services.set(s.id, s);
  }

  get policy(): QueuePolicy {
    return this.currentPolicy;
  }

  /** Version of the set-up in effect; kiosks reload their service list when it changes. */
  get setupVersion(): number {
    return this.version;
  }

  service(id: string): Service {
    const s = this.services.get(id);
    if (!s) throw new CallboardError('UNKNOWN_SERVICE', `no service "${id}" at this site`);
    return s;
  }
}
