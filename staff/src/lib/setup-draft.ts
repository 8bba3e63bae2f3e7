/**
 * The set-up editor's draft: the hub's set-up (file shape) made uniform for form controls —
 * counter links always `{ serviceId, weight }`, priority classes always objects with both
 * languages' name fields — and turned back into the file's compact shape (a weight of 1 as a plain
 * id, a class with only an id as its name, empty number and name fields left out) when saved.
 * Pure functions, unit-tested.
 */
import {
  type CounterConfig,
  DEFAULT_PRIORITIES,
  type PriorityClassConfig,
  type QueueSettings,
  type ServiceConfig,
  type SiteSetup,
} from '@callboard/hub/client';

/** A class row: an empty name field means "the shipped name, or the other language's, or the id". */
export type PriorityDraft = Omit<PriorityClassConfig, 'name'> & { name: { zh: string; en: string } };

export interface CounterDraft extends Omit<CounterConfig, 'services'> {
  services: { serviceId: string; weight: number }[];
}

export interface SetupDraft {
  services: ServiceConfig[];
  counters: CounterDraft[];
  queue: Omit<QueueSettings, 'priorities'> & { priorities: PriorityDraft[] };
}

export function toDraft(setup: SiteSetup): SetupDraft {
  const copy = plain(setup);
  const { priorities, ...queue } = copy.queue ?? {};
  return {
    services: copy.services,
    counters: copy.counters.map((c) => ({
      ...c,
      services: c.services.map((l) => (typeof l === 'string' ? { serviceId: l, weight: 1 } : l)),
    })),
    queue: {
      ...queue,
      priorities: (priorities ?? DEFAULT_PRIORITIES).map((p) => {
        const c = typeof p === 'string' ? { id: p } : p;
        return { ...c, name: { zh: '', en: '', ...c.name } };
      }),
    },
  };
}

/** A form's empty number field (null, '', NaN) means "use the default": the key is left out. */
function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** Drops blank values and objects left empty, recursively (arrays keep their length). */
export function pruneBlanks<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => pruneBlanks(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isBlank(v)) continue;
      const pruned = pruneBlanks(v);
      if (pruned && typeof pruned === 'object' && !Array.isArray(pruned) && Object.keys(pruned).length === 0) continue;
      out[k] = pruned;
    }
    return out as T;
  }
  return typeof value === 'string' ? (value.trim() as T) : value;
}

export function fromDraft(draft: SetupDraft): SiteSetup {
  const d = pruneBlanks(plain(draft));
  const priorities = d.queue.priorities.map((p) => (Object.keys(p).length === 1 ? p.id : p));
  return {
    services: d.services,
    counters: d.counters.map((c) => ({
      ...c,
      services: c.services.map((l) => (l.weight === 1 ? l.serviceId : l)),
    })),
    queue: { ...d.queue, priorities },
  };
}

/** Plain data out of a Svelte state proxy (and unchanged plain data outside Svelte, e.g. in tests). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The next free id like `base`, `base2`, … among `taken`. */
export function freeId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

/** The next one- or two-letter prefix no service uses (A…Z, then AA…). */
export function freePrefix(taken: readonly string[]): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) if (!taken.includes(a)) return a;
  for (const a of letters) for (const b of letters) if (!taken.includes(a + b)) return a + b;
  return 'ZZ';
}

export function newService(draft: SetupDraft): ServiceConfig {
  const prefix = freePrefix(draft.services.map((s) => s.prefix));
  return {
    id: freeId(
      prefix,
      draft.services.map((s) => s.id),
    ),
    prefix,
    name: { zh: '', en: '' },
  };
}

export function newCounter(draft: SetupDraft): CounterDraft {
  const n = draft.counters.length + 1;
  const id = freeId(
    String(n),
    draft.counters.map((c) => c.id),
  );
  const first = draft.services[0]?.id;
  return { id, name: { zh: `${id}号窗口`, en: `Counter ${id}` }, services: first ? [{ serviceId: first, weight: 1 }] : [] };
}

/** `list` with the item at `index` moved by `by` places (priority classes are ordered highest first). */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to] as T, out[index] as T];
  return out;
}
