/**
 * The served API description (`/docs/json`) is OpenAPI 3.0.3, whose Schema Object is an older
 * JSON Schema dialect than the one TypeBox writes. Route schemas stay as they are (they are
 * what requests are validated against); the document built from them is rewritten here so
 * that it is valid 3.0.3 for the validators and client generators integrators use:
 *
 * - a tuple (`items: [a, b]`, or `prefixItems`) becomes an array of exactly that many items,
 *   each one `a`, or `anyOf` the distinct item schemas when they differ;
 * - a numeric `exclusiveMinimum`/`exclusiveMaximum` (JSON Schema 2019+) becomes the 3.0 form,
 *   `minimum`/`maximum` with the boolean flag.
 *
 * Pure: returns a rewritten copy, the input is not touched. Test: openapi.test.ts; the served
 * document is validated in test/integration/openapi-contract.test.ts.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (x: Json | undefined): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

function tupleToArray(schema: JsonObject): JsonObject {
  const positional = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : null;
  if (positional === null) return schema;
  const { prefixItems: _p, items: _i, additionalItems, ...rest } = schema;
  const closed = additionalItems === false || (Array.isArray(schema.prefixItems) && schema.items === false);
  const distinct: Json[] = [];
  for (const item of positional) if (!distinct.some((d) => JSON.stringify(d) === JSON.stringify(item))) distinct.push(item);
  const out: JsonObject = { ...rest, type: 'array' };
  if (distinct.length === 1) out.items = distinct[0] as Json;
  else if (distinct.length > 1) out.items = { anyOf: distinct };
  else out.items = {};
  out.minItems = typeof rest.minItems === 'number' ? rest.minItems : positional.length;
  if (closed) out.maxItems = typeof rest.maxItems === 'number' ? Math.min(rest.maxItems, positional.length) : positional.length;
  return out;
}

function exclusiveBound(schema: JsonObject, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum'): JsonObject {
  const limit = schema[exclusive];
  if (typeof limit !== 'number') return schema;
  const inclusive = exclusive === 'exclusiveMinimum' ? 'minimum' : 'maximum';
  const { [exclusive]: _drop, ...rest } = schema;
  const other = rest[inclusive];
  // Both given: the stricter one wins (an inclusive bound past the exclusive one makes it moot).
  const inclusiveIsStricter = typeof other === 'number' && (exclusive === 'exclusiveMinimum' ? other > limit : other < limit);
  if (inclusiveIsStricter) return rest;
  return { ...rest, [inclusive]: limit, [exclusive]: true };
}

/** Values that are data, not schemas: copied as they are. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

function rewrite(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isObject(node)) return node;
  let out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = DATA_KEYS.has(key) ? structuredClone(value) : rewrite(value);
  out = tupleToArray(out);
  out = exclusiveBound(out, 'exclusiveMinimum');
  out = exclusiveBound(out, 'exclusiveMaximum');
  return out;
}

/** The document made valid OpenAPI 3.0.3 (see the module comment). */
export function toOpenApi30<T>(document: T): T {
  return rewrite(document as Json) as T;
}
