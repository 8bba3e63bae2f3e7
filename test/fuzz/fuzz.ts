/**
 * Route fuzzing: fast-check draws requests for every route of the OpenAPI document — bodies
 * that satisfy the route's schema, near misses, arbitrary JSON, non-JSON, odd content types,
 * path parameters from real ids or junk, query strings — as every kind of caller (anonymous,
 * devices, each staff role, forged credentials). Every answer must be below 500, and every
 * 4xx must be `{ error: { code, message } }`. Ids the hub hands out are fed back in, so the
 * fuzz reaches the handlers, not only the validators.
 */
import fc from 'fast-check';
import { type RouteSpec, routesFromOpenApi } from './routes';
import { fromSchema, nearMiss } from './schema-arbitrary';
import type { Answer, Sent, Transport } from './transport';

export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export interface FuzzFailure {
  problem: string;
  request: Sent;
  status: number;
  body: string;
}

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  routes: number;
  /** Requests per route (OpenAPI path + method), to show every route was reached. */
  perRoute: Record<string, number>;
  failures: FuzzFailure[];
  seconds: number;
}

const DEMO_STAFF = [
  ['clerk1', 'callboard-demo'],
  ['supervisor', 'callboard-demo'],
  ['admin', 'callboard-admin'],
] as const;
const DEMO_DEVICES = [
  ['kiosk-1', 'demo-kiosk-1-token-0001'],
  ['board-1', 'demo-board-1-token-0001'],
  ['bridge-1', 'demo-bridge-1-token-0001'],
  ['pbx-1', 'demo-pbx-1-token-0001'],
] as const;

/** Signs in the demo staff and lists the callers the fuzz acts as. */
export async function callers(send: Transport): Promise<Caller[]> {
  const list: Caller[] = [{ name: 'anonymous', headers: {} }];
  for (const [username, password] of DEMO_STAFF) {
    const res = await send({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = res.setCookie.map((c) => c.split(';')[0]).find((c) => c?.startsWith('cb_session='));
    if (res.status !== 200 || !cookie) throw new Error(`fuzz set-up: cannot sign in ${username}: ${res.status} ${res.body}`);
    list.push({ name: username, headers: { cookie } });
  }
  for (const [id, token] of DEMO_DEVICES) list.push({ name: id, headers: { authorization: `Bearer ${token}` } });
  list.push({ name: 'forged bearer', headers: { authorization: 'Bearer not-a-real-token-0000000000' } });
  list.push({ name: 'forged cookie', headers: { cookie: 'cb_session=0000000000000000000000000000' } });
  list.push({ name: 'forged api key', headers: { 'x-api-key': 'not-a-real-integration-key-000000' } });
  list.push({ name: 'malformed auth', headers: { authorization: 'Basic Og==', cookie: 'cb_session=;;==' } });
  return list;
}

/** Ids seen in answers, by the path parameter they can fill. */
class Pools {
  readonly byParam = new Map<string, string[]>([
    ['id', ['1', '2', '3', '4', 'kiosk-1', 'board-1', 'bridge-1']],
    ['token', []],
    ['requestId', []],
  ]);

  learn(body: string): void {
    if (!body.startsWith('{')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    const walk = (v: unknown, depth: number) => {
      if (depth > 4 || v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'string') {
          if (k === 'id' || k === 'ticketId') this.add('id', x);
          if (k === 'requestId') this.add('requestId', x);
          if (k === 'trackUrl') this.add('token', x.split('/t/')[1] ?? '');
        } else walk(x, depth + 1);
      }
    };
    walk(parsed, 0);
  }

  private add(param: string, value: string): void {
    if (!value) return;
    const pool = this.byParam.get(param) ?? [];
    pool.push(value);
    if (pool.length > 500) pool.splice(0, pool.length - 500);
    this.byParam.set(param, pool);
  }

  pick(param: string, n: number): string | undefined {
    const pool = this.byParam.get(param) ?? this.byParam.get('id') ?? [];
    return pool.length ? pool[n % pool.length] : undefined;
  }
}

interface Plan {
  route: RouteSpec;
  caller: number;
  params: { fromPool: boolean; n: number; junk: string }[];
  query: string;
  body: string | undefined;
  contentType: string | undefined;
}

const junkSegment = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('..', '%2e%2e', '0', '-1', 'null', 'undefined', '__proto__', 'constructor', 'x'.repeat(300), '%00', '😀'),
);

/** One arbitrary per route, built once: building them (regex patterns above all) is the costly part. */
function planArb(routes: RouteSpec[], callerCount: number): fc.Arbitrary<Plan> {
  return fc.oneof(...routes.map((route) => routePlan(route, callerCount)));
}

function routePlan(route: RouteSpec, callerCount: number): fc.Arbitrary<Plan> {
  const query = fc
    .tuple(
      ...route.query.map((q) =>
        fc.option(fc.oneof(fromSchema(q.schema), fc.string({ maxLength: 30 })), { freq: 3 }).map((v) => [q.name, v] as const),
      ),
      fc.option(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))),
    )
    .map((parts) => {
      const extra = parts.pop() as [string, string] | null;
      const pairs = (parts as (readonly [string, unknown])[]).filter(([, v]) => v !== null && v !== undefined);
      if (extra) pairs.push(extra);
      const qs = new URLSearchParams(pairs.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      return qs.size ? `?${qs}` : '';
    });
  const body = fc.oneof(
    { weight: 5, arbitrary: fromSchema(route.body ?? { type: 'object', properties: {} }).map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: nearMiss(route.body).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '{"serviceId":', '[]', 'null', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"x":1}}'),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        'multipart/form-data',
        '*/*',
        '',
      ),
    },
  );
  return fc.record({
    route: fc.constant(route),
    caller: fc.nat({ max: callerCount - 1 }),
    params: fc.array(fc.record({ fromPool: fc.boolean(), n: fc.nat(), junk: junkSegment }), {
      minLength: route.pathParams.length,
      maxLength: route.pathParams.length,
    }),
    query,
    body: route.method === 'GET' ? fc.option(body, { freq: 8 }).map((b) => b ?? undefined) : body,
    contentType,
  });
}

function toRequest(plan: Plan, who: Caller, pools: Pools): Sent {
  let url = plan.route.path;
  plan.route.pathParams.forEach((name, i) => {
    const p = plan.params[i] as Plan['params'][number];
    const value = (p.fromPool ? pools.pick(name, p.n) : undefined) ?? p.junk;
    url = url.replace(`{${name}}`, encodeURIComponent(value));
  });
  const headers: Record<string, string> = { ...who.headers };
  if (plan.body !== undefined && plan.contentType !== undefined) headers['content-type'] = plan.contentType;
  return { method: plan.route.method, url: url + plan.query, headers, ...(plan.body !== undefined ? { body: plan.body } : {}) };
}

/** Why an answer breaks the contract, or null. */
export function contractProblem(ans: Answer): string | null {
  if (ans.status >= 500) return `status ${ans.status}`;
  if (ans.status < 400) return null;
  let parsed: any;
  try {
    parsed = JSON.parse(ans.body);
  } catch {
    return `${ans.status} without a JSON body`;
  }
  const keys = parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
  const e = parsed?.error;
  if (keys.length !== 1 || keys[0] !== 'error' || !e || typeof e !== 'object') return `${ans.status} body is not { error }`;
  if (typeof e.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(e.code))
    return `${ans.status} error.code ${JSON.stringify(e.code)}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return `${ans.status} error.message missing`;
  const extra = Object.keys(e).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length) return `${ans.status} error has unexpected keys ${extra.join(',')}`;
  return null;
}

export async function runFuzz(opts: {
  send: Transport;
  runs: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Callers signed in before (login is rate-limited: a second run on the same hub reuses them). */
  callers?: Caller[];
}): Promise<FuzzReport> {
  const started = Date.now();
  const docRes = await opts.send({ method: 'GET', url: '/docs/json', headers: {} });
  const routes = routesFromOpenApi(JSON.parse(docRes.body));
  if (routes.length === 0) throw new Error('the OpenAPI document lists no routes');
  const who = opts.callers ?? (await callers(opts.send));
  const pools = new Pools();
  const report: FuzzReport = { requests: 0, byStatus: {}, routes: routes.length, perRoute: {}, failures: [], seconds: 0 };
  const arb = planArb(routes, who.length);
  const batch = 500;
  const concurrency = opts.concurrency ?? 8;
  for (let done = 0, b = 0; done < opts.runs; b++) {
    const plans = fc.sample(arb, { numRuns: Math.min(batch, opts.runs - done), seed: opts.seed + b });
    for (let i = 0; i < plans.length; i += concurrency) {
      await Promise.all(
        plans.slice(i, i + concurrency).map(async (plan) => {
          // Signing out would end the session the next requests rely on: only anonymously.
          const caller = plan.route.path.endsWith('/auth/logout') ? (who[0] as Caller) : (who[plan.caller] as Caller);
          const req = toRequest(plan, caller, pools);
          const key = `${plan.route.method} ${plan.route.path}`;
          report.perRoute[key] = (report.perRoute[key] ?? 0) + 1;
          let ans: Answer;
          try {
            ans = await opts.send(req);
          } catch (err) {
            report.failures.push({ problem: `no answer: ${(err as Error).message}`, request: req, status: 0, body: '' });
            return;
          }
          report.requests++;
          const cls = `${Math.floor(ans.status / 100)}xx`;
          report.byStatus[cls] = (report.byStatus[cls] ?? 0) + 1;
          if (ans.status < 300) pools.learn(ans.body);
          const problem = contractProblem(ans);
          if (problem && report.failures.length < 1000)
            report.failures.push({ problem, request: req, status: ans.status, body: ans.body.slice(0, 300) });
        }),
      );
    }
    done += plans.length;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
