/**
 * Durability of multi-stop visits: a finish the hub acknowledged has its next stop on disk, so
 * a `kill -9` delivered the moment the acknowledgements arrive loses no visitor between stops
 * and doubles none. The hub runs as a real child process; as in crash-transitions.test.ts, a
 * thousand-odd cancels keep the store's write queue long while the last finishes go out.
 */
import { rmSync } from 'node:fs';
import { finishStop, HubClient } from '@callboard/hub/client';
import { afterAll, expect, it } from 'vitest';
import { type HubProcess, spawnHub, tempDir } from '../support/hub';
import { pipelinedFetch } from '../support/pipelined-fetch';

const dataDir = tempDir('cb-crash-multi-stop-');
let proc: HubProcess | undefined;
const start = async () => {
  await proc?.stop('SIGKILL');
  proc = await spawnHub({
    dataDir,
    patch: (raw) => {
      raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
      raw.services[0].route = ['B', 'C'];
    },
  });
  return proc;
};
afterAll(async () => {
  await proc?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps the next stop of every acknowledged finish across a SIGKILL at the last acknowledgement', async () => {
  let hub = await start();
  const burst = pipelinedFetch(hub.baseUrl, 4);
  const supervisor = new HubClient({ baseUrl: hub.baseUrl, fetch: burst.fetch });
  await supervisor.login('supervisor', 'callboard-demo');
  const issued = await Promise.all(Array.from({ length: 1000 }, () => supervisor.issueTicket({ serviceId: 'A' })));

  /** Acknowledged finishes: the stop finished and its next stop's id. */
  const acked = new Map<string, { number: string; next: string; service: string; stop: number }>();
  const finish = async (id: string) => {
    const { ticket, next } = await finishStop(supervisor, id);
    acked.set(ticket.id, { number: ticket.number, next: next?.id ?? '', service: next?.serviceId ?? '', stop: next?.stop ?? 0 });
  };
  const serving = new Map<string, string>();
  await Promise.all(
    ['1', '2'].map(async (counterId) => {
      for (let round = 0; round < 4; round++) {
        const called = await supervisor.callNext(counterId);
        await supervisor.start(called.id);
        if (round < 3) await finish(called.id);
        else serving.set(counterId, called.id);
      }
    }),
  );
  // One burst: cancels of every waiting A ticket past the 40th, then the two last finishes.
  const cancels = issued
    .filter((t) => Number(t.number.slice(1)) > 40)
    .map((t) =>
      supervisor.cancel(t.id).then(
        () => {},
        () => {},
      ),
    );
  await Promise.all([...serving.values()].map(finish));
  expect(await hub.stop('SIGKILL')).toBeNull();
  await Promise.all(cancels);
  burst.close();

  hub = await start();
  const after = new HubClient({ baseUrl: hub.baseUrl });
  await after.login('supervisor', 'callboard-demo');
  expect(acked.size).toBe(8);
  const problems: string[] = [];
  for (const [id, want] of acked) {
    const done = await after.ticket(id);
    if (done.status !== 'done' || done.transferredTo !== want.next)
      problems.push(`${want.number}: ${done.status} → ${done.transferredTo}`);
    const next = await after.ticket(want.next).catch(() => undefined);
    if (next?.serviceId !== want.service || next.number !== want.number || next.stop !== want.stop)
      problems.push(`${want.number}: next stop ${want.next} missing or wrong after restart: ${JSON.stringify(next)}`);
  }
  expect(problems).toEqual([]);
  // Every finish was acknowledged with a next stop (counter 2 serves A and B: some went on to C).
  expect([...acked.values()].every((v) => v.next !== '' && (v.service === 'B' || v.service === 'C'))).toBe(true);
  // Nobody doubled: each number waits at most once in B and C together (counter 3 serves both),
  // and every ticket waiting there is the next stop of an acknowledged finish.
  const lines = await after.waiting('3');
  const waiting = lines.services.flatMap((l) => l.tickets);
  const numbers = waiting.map((t) => t.number);
  expect(new Set(numbers).size).toBe(numbers.length);
  const nextIds = new Set([...acked.values()].map((v) => v.next));
  expect(waiting.every((t) => nextIds.has(t.id))).toBe(true);
  expect(waiting.length).toBeGreaterThan(0);
}, 120_000);
