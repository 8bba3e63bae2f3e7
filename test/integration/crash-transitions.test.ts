/**
 * Durability of transitions: a call, start, finish or cancel that the hub acknowledged is on
 * disk, so it survives `kill -9` delivered the moment the last acknowledgement arrives. The
 * hub runs as a real child process. While the counters finish and call, a supervisor cancels a
 * burst of waiting tickets, so the store has a queue of writes in flight when the process dies:
 * an acknowledgement sent before its write completed would be lost here.
 */
import { rmSync } from 'node:fs';
import { HubClient } from '@callboard/hub/client';
import { afterAll, expect, it } from 'vitest';
import { type HubProcess, spawnHub, tempDir } from '../support/hub';

const dataDir = tempDir('cb-crash-transitions-');
const patch = (raw: any) => {
  raw.rateLimit = { ticketsPerMinutePerClient: 10_000 };
};
let proc: HubProcess | undefined;
afterAll(async () => {
  await proc?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every acknowledged call, finish and cancel across a SIGKILL sent at the last acknowledgement', async () => {
  proc = await spawnHub({ dataDir, patch });
  const supervisor = new HubClient({ baseUrl: proc.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  // Issued by staff: over a thousand tickets from one address is beyond what a site lets the public take.
  const issued = await Promise.all(
    Array.from({ length: 1120 }, (_, i) => supervisor.issueTicket({ serviceId: (['A', 'B', 'C'] as const)[i % 3] as string })),
  );

  /** The last acknowledged state of every ticket a transition was acknowledged for. */
  const acked = new Map<string, { status: string; counterId: string | undefined }>();
  const note = (t: { id: string; status: string; counterId?: string | undefined }) =>
    acked.set(t.id, { status: t.status, counterId: t.counterId });

  // Each counter calls, starts and finishes three visitors, then calls and starts a fourth.
  const counters = ['1', '2', '3', '4'];
  const serving = new Map<string, string>();
  const visit = async (counterId: string) => {
    for (let round = 0; round < 4; round++) {
      const called = await supervisor.callNext(counterId);
      note(called);
      note(await supervisor.start(called.id));
      if (round < 3) note(await supervisor.finish(called.id));
      else serving.set(counterId, called.id);
    }
  };
  await Promise.all(counters.map(visit));

  // Then, all at once: a supervisor cancels about 1,000 waiting tickets (every number after the
  // 40th of its service: the counters do not get that far), and meanwhile counters 1 and 2
  // finish their visitors while counters 3 and 4 call the next one (which completes the visit
  // first). The hub dies the moment those four are acknowledged, with the store still busy
  // writing the cancels; every transition acknowledged by then must survive.
  let killed = false;
  const record = (t: { id: string; status: string; counterId?: string | undefined }) => {
    if (!killed) note(t);
  };
  const cancels = issued.filter((t) => Number(t.number.slice(1)) > 40).map((t) => supervisor.cancel(t.id).then(record, () => {})); // one still in flight is cut off by the kill
  const counterWork = counters.map(async (counterId) => {
    const id = serving.get(counterId) as string;
    if (counterId === '1' || counterId === '2') record(await supervisor.finish(id));
    else {
      record(await supervisor.callNext(counterId));
      record({ id, status: 'done', counterId }); // "call next" acknowledged the end of that visit too
    }
  });
  await Promise.all(counterWork);
  killed = true;
  // No graceful shutdown: the process dies the instant the counters' acknowledgements arrived.
  expect(await proc.stop('SIGKILL')).toBeNull();
  await Promise.all(cancels);

  proc = await spawnHub({ dataDir, patch });
  const after = new HubClient({ baseUrl: proc.baseUrl });
  await after.login('supervisor', 'callboard-demo');
  const lost: string[] = [];
  await Promise.all(
    [...acked].map(async ([id, want]) => {
      const t = await after.ticket(id);
      if (t.status !== want.status || t.counterId !== want.counterId)
        lost.push(
          `${t.number}: acknowledged ${want.status}@${want.counterId ?? '-'}, after restart ${t.status}@${t.counterId ?? '-'}`,
        );
    }),
  );
  lost.sort();
  expect(lost).toEqual([]);
  const statuses = [...acked.values()].map((v) => v.status);
  expect(statuses.filter((s) => s === 'done')).toHaveLength(16);
  expect(statuses.filter((s) => s === 'called')).toHaveLength(2);
  expect(statuses.filter((s) => s === 'cancelled').length).toBeGreaterThan(0);
});
