/**
 * Durability of transitions: a call, start, finish or cancel that the hub acknowledged is on
 * disk, so it survives `kill -9` delivered the moment the acknowledgements arrive. The hub runs
 * as a real child process.
 *
 * An acknowledgement sent before its write would be lost only if the kill lands while that write
 * still waits, so the test keeps a long queue of writes in flight: a thousand cancels and the
 * counters' last transitions reach the hub at once (pipelined, so a loaded machine does not
 * trickle them in), and the store appends ticket updates one at a time. Every transition
 * acknowledged before the kill is then checked after the restart. (With the store acknowledging
 * before its write, this loses hundreds of them; a quiet machine and a loaded one alike.)
 */
import { HubClient } from '@callboard/hub/client';
import { expect, it } from 'vitest';
import { crashTestHub } from '../support/crash-hub';
import { pipelinedFetch } from '../support/pipelined-fetch';

const hub = crashTestHub('cb-crash-transitions-');

type Acked = { id: string; number: string; status: string; counterId?: string | undefined };

it('keeps every acknowledged call, start, finish and cancel across a SIGKILL sent at the last acknowledgement', async () => {
  let proc = await hub.start();
  const burst = pipelinedFetch(proc.baseUrl, 4);
  const supervisor = new HubClient({ baseUrl: proc.baseUrl, fetch: burst.fetch });
  await supervisor.login('supervisor', 'callboard-demo');
  // Issued by staff: over a thousand tickets from one address is beyond what a site lets the public take.
  const issued = await Promise.all(
    Array.from({ length: 1120 }, (_, i) => supervisor.issueTicket({ serviceId: (['A', 'B', 'C'] as const)[i % 3] as string })),
  );

  /** The last acknowledged state of every ticket a transition was acknowledged for. */
  const acked = new Map<string, Acked>();
  const note = (t: Acked) => acked.set(t.id, t);

  // Each counter calls, starts and finishes three visitors, then calls and starts a fourth.
  const counters = ['1', '2', '3', '4'];
  const serving = new Map<string, Acked>();
  const visit = async (counterId: string) => {
    for (let round = 0; round < 4; round++) {
      const called = await supervisor.callNext(counterId);
      note(called);
      note(await supervisor.start(called.id));
      if (round < 3) note(await supervisor.finish(called.id));
      else serving.set(counterId, called);
    }
  };
  await Promise.all(counters.map(visit));

  // Then, in one burst: a supervisor cancels about 1,000 waiting tickets (every number after the
  // 40th of its service: the counters do not get that far), and after them counters 1 and 2
  // finish their visitors while counters 3 and 4 call the next one (which ends the visit first).
  // Every answer that arrives was sent by the hub before it died, so each one counts as
  // acknowledged, also those read after the kill.
  const cancels = issued.filter((t) => Number(t.number.slice(1)) > 40).map((t) => supervisor.cancel(t.id).then(note, () => {})); // one still unanswered is cut off by the kill
  const counterWork = counters.map(async (counterId) => {
    const current = serving.get(counterId) as Acked;
    if (counterId === '1' || counterId === '2') note(await supervisor.finish(current.id));
    else {
      note(await supervisor.callNext(counterId));
      note({ ...current, status: 'done' }); // "call next" acknowledged the end of that visit too
    }
  });
  await Promise.all(counterWork);
  // No graceful shutdown: the process dies the instant the counters' acknowledgements arrived.
  expect(await proc.stop('SIGKILL')).toBeNull();
  await Promise.all(cancels);
  burst.close();

  proc = await hub.start();
  const check = pipelinedFetch(proc.baseUrl, 4);
  const after = new HubClient({ baseUrl: proc.baseUrl, fetch: check.fetch });
  await after.login('supervisor', 'callboard-demo');
  const lost: string[] = [];
  await Promise.all(
    [...acked.values()].map(async (want) => {
      const t = await after.ticket(want.id);
      if (t.status !== want.status || t.counterId !== want.counterId)
        lost.push(
          `${t.number}: acknowledged ${want.status}@${want.counterId ?? '-'}, after restart ${t.status}@${t.counterId ?? '-'}`,
        );
    }),
  );
  check.close();
  expect(lost.sort(), `${lost.length} of ${acked.size} acknowledged transitions lost`).toEqual([]);
  const statuses = [...acked.values()].map((v) => v.status);
  expect(statuses.filter((s) => s === 'done')).toHaveLength(16);
  expect(statuses.filter((s) => s === 'called')).toHaveLength(2);
  expect(statuses.filter((s) => s === 'cancelled').length).toBeGreaterThan(900);
}, 120_000); // two hub starts and 2,000 requests: ~12 s on a quiet machine, over 40 s at load 16 on two cores
