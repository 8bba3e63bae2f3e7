/**
 * A template's fields, one by one (pure): `services.<id>.<key>…` and `queue.<key>…`; arrays are
 * one field each (a list of classes is set as a whole). A site overrides a field by giving it
 * another value than the template's; a new template version changes only the fields the site did
 * not override. A template service the site removed stays removed (the field `services.<id>`).
 */
import type { ServiceConfig, SiteSetup, TemplateContent, TemplateDiff } from '../../protocol';

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** Every leaf of the template: field name → value. */
export function templateFields(content: TemplateContent): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (prefix: string, v: Json) => {
    if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
    else if (v !== undefined) out.set(prefix, v);
  };
  for (const s of content.services ?? []) for (const [k, x] of Object.entries(s)) walk(`services.${s.id}.${k}`, x);
  if (content.queue) for (const [k, x] of Object.entries(content.queue)) walk(`queue.${k}`, x);
  return out;
}

function split(field: string): { serviceId: string | null; path: string[] } {
  const parts = field.split('.');
  if (parts[0] === 'services') return { serviceId: parts[1] ?? '', path: parts.slice(2) };
  return { serviceId: null, path: parts.slice(1) };
}

function root(setup: SiteSetup, serviceId: string | null): Record<string, Json> | undefined {
  if (serviceId === null) return setup.queue as Record<string, Json> | undefined;
  return setup.services.find((s) => s.id === serviceId) as Record<string, Json> | undefined;
}

/** The site's value of a field (undefined when it has none). */
export function localValue(setup: SiteSetup, field: string): Json {
  const { serviceId, path } = split(field);
  let v: Json = root(setup, serviceId);
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

function setValue(setup: SiteSetup, field: string, value: Json): void {
  const { serviceId, path } = split(field);
  if (serviceId === null) setup.queue ??= {};
  let obj = root(setup, serviceId);
  if (!obj) return;
  for (const k of path.slice(0, -1)) {
    if (!isObject(obj[k])) obj[k] = {};
    obj = obj[k] as Record<string, Json>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete obj[last];
  else obj[last] = structuredClone(value);
}

const serviceIds = (c: TemplateContent | null) => new Set((c?.services ?? []).map((s) => s.id));

/**
 * The site's set-up after a new template version: each field takes the new template's value unless
 * the site overrode it under the previous version (its value differs from the previous one's).
 */
export function applyTemplate(setup: SiteSetup, previous: TemplateContent | null, next: TemplateContent): SiteSetup {
  const out = structuredClone(setup);
  const before = previous ? templateFields(previous) : new Map<string, Json>();
  const had = serviceIds(previous);
  for (const s of next.services ?? []) {
    if (out.services.some((x) => x.id === s.id)) continue;
    // Removed here after the previous version had it: the site's choice stands.
    if (had.has(s.id)) continue;
    out.services.push(structuredClone(s) as ServiceConfig);
  }
  for (const [field, value] of templateFields(next)) {
    const { serviceId } = split(field);
    if (serviceId !== null && !out.services.some((x) => x.id === serviceId)) continue;
    const local = localValue(out, field);
    const overridden = before.has(field) && !same(local, before.get(field));
    if (!overridden) setValue(out, field, value);
  }
  return out;
}

/** Every field where the site differs from the template (a removed template service is one field). */
export function templateDiffs(setup: SiteSetup, content: TemplateContent): TemplateDiff[] {
  const diffs: TemplateDiff[] = [];
  const missing = new Set<string>();
  for (const s of content.services ?? [])
    if (!setup.services.some((x) => x.id === s.id)) {
      missing.add(s.id);
      diffs.push({ field: `services.${s.id}`, template: s, local: null });
    }
  for (const [field, value] of templateFields(content)) {
    const { serviceId } = split(field);
    if (serviceId !== null && missing.has(serviceId)) continue;
    const local = localValue(setup, field);
    if (!same(local, value)) diffs.push({ field, template: value, local: local ?? null });
  }
  return diffs;
}

/** The set-up with one field set back to the template's value; null if the template has no such field. */
export function revertField(setup: SiteSetup, content: TemplateContent, field: string): SiteSetup | null {
  const out = structuredClone(setup);
  const parts = field.split('.');
  if (parts[0] === 'services' && parts.length === 2) {
    const s = content.services?.find((x) => x.id === parts[1]);
    if (!s) return null;
    if (!out.services.some((x) => x.id === s.id)) out.services.push(structuredClone(s) as ServiceConfig);
    return out;
  }
  const fields = templateFields(content);
  if (!fields.has(field)) return null;
  const { serviceId } = split(field);
  if (serviceId !== null && !out.services.some((x) => x.id === serviceId)) return null;
  setValue(out, field, fields.get(field));
  return out;
}
