/**
 * JSON Schema (as the hub's OpenAPI document states it) → fast-check arbitraries: values that
 * satisfy the schema, so the fuzz gets past validation into the handlers, and near misses
 * (a key dropped, a key added, a value of the wrong type) that probe validation itself.
 */
import fc from 'fast-check';

type Schema = Record<string, any>;

/** Deep enough for the admin set-up (body → setup → services → item → name → zh). */
const MAX_DEPTH = 8;

function stringArb(s: Schema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, 200);
  if (typeof s.pattern === 'string') {
    try {
      const re = new RegExp(s.pattern);
      // stringMatching ignores length limits: keep only what also fits them.
      return fc.stringMatching(re).filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY));
    } catch {
      // a pattern JavaScript cannot compile: fall through to plain strings
    }
  }
  if (s.format === 'date') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  // Printable ASCII most of the time; whole Unicode graphemes and lone surrogates now and then.
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
  );
}

export function fromSchema(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > MAX_DEPTH) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (Array.isArray(union) && union.length > 0) return fc.oneof(...union.map((x: Schema) => fromSchema(x, depth + 1)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t: string) => fromSchema({ ...s, type: t }, depth + 1)));
  switch (s.type) {
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) props[k] = fromSchema(v, depth + 1);
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      // A tuple: `prefixItems` (2020-12) or an `items` list (draft 7).
      const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
      if (tuple) return fc.tuple(...tuple.map((x: Schema) => fromSchema(x, depth + 1)));
      return fc.array(fromSchema(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 6) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value that misses the schema in one small way (or, now and then, valid after all). */
export function nearMiss(s: Schema | undefined): fc.Arbitrary<unknown> {
  const valid = fromSchema(s);
  const wrong = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.string({ maxLength: 300 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    // Prototype-pollution probes and number edge cases.
    fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: {} } }, 1e308, -0, 2 ** 53 + 1),
  );
  return fc.tuple(valid, wrong, fc.string({ minLength: 1, maxLength: 12 }), fc.nat()).map(([v, w, extraKey, pick]) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return w;
    const obj = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(obj);
    switch (pick % 3) {
      case 0: // drop a key (maybe a required one)
        if (keys.length > 0) delete obj[keys[pick % keys.length] as string];
        return obj;
      case 1: // an unknown key
        return { ...obj, [extraKey]: w };
      default: // a wrong type for a known key
        if (keys.length > 0) obj[keys[pick % keys.length] as string] = w;
        return obj;
    }
  });
}
