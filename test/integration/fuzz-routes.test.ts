/**
 * Every route of the OpenAPI document, fuzzed: 3,000 requests through `app.inject` and 300 over
 * real HTTP (`npm run fuzz` runs 100,000 + 5,000). No answer may be a 5xx, and every 4xx must be
 * `{ error: { code, message } }`. See test/fuzz/fuzz.ts for what is drawn.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Caller, callers, contractProblem, runFuzz } from '../fuzz/fuzz';
import { startFuzzHub } from '../fuzz/hub';
import { httpTransport, injectTransport } from '../fuzz/transport';
import type { Hub } from '../support/hub';

let hub: Hub & { baseUrl: string };
let who: Caller[];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  hub = await startFuzzHub();
  who = await callers(injectTransport(hub.app));
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await hub?.close();
});

it('the contract check itself rejects a 5xx, a bare 4xx and a wrong error shape', () => {
  const ans = (status: number, body: string) => ({ status, body, contentType: 'application/json', setCookie: [] });
  expect(contractProblem(ans(500, '{"error":{"code":"INTERNAL","message":"x"}}'))).toMatch(/status 500/);
  expect(contractProblem(ans(404, 'Not Found'))).toMatch(/without a JSON body/);
  expect(contractProblem(ans(414, '{"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH","message":"x"}'))).toMatch(
    /not \{ error \}/,
  );
  expect(contractProblem(ans(400, '{"error":{"code":"VALIDATION_FAILED","message":""}}'))).toMatch(/message/);
  expect(contractProblem(ans(409, '{"error":{"code":"COUNTER_TAKEN","message":"taken"}}'))).toBeNull();
});

it('answers 3,000 fuzzed requests (app.inject) on every route without a 5xx, always in the error shape', async () => {
  const r = await runFuzz({ send: injectTransport(hub.app), runs: 3000, seed: Number(process.env.FUZZ_SEED ?? 7), callers: who });
  expect(r.failures.slice(0, 5)).toEqual([]);
  expect(r.requests).toBe(3000);
  // Every route was reached, and the fuzz got past validation into handlers.
  expect(Object.keys(r.perRoute)).toHaveLength(r.routes);
  expect(r.byStatus['2xx'] ?? 0).toBeGreaterThan(100);
  expect(unhandled).toEqual([]);
}, 120_000);

it('answers 300 fuzzed requests over real HTTP the same way, and stays healthy', async () => {
  const r = await runFuzz({ send: httpTransport(hub.baseUrl), runs: 300, seed: 8, callers: who });
  expect(r.failures.slice(0, 5)).toEqual([]);
  expect(r.requests).toBe(300);
  expect((await fetch(`${hub.baseUrl}/api/v1/health`)).status).toBe(200);
  expect(unhandled).toEqual([]);
}, 60_000);
