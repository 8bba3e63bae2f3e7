/**
 * Durability: an acknowledged ticket survives `kill -9`, and numbering continues after the
 * highest persisted number, never reissuing one. Runs the hub as a real child process.
 */
import { HubClient } from '@callboard/hub/client';
import { expect, it } from 'vitest';
import { crashTestHub } from '../support/crash-hub';

const hub = crashTestHub('cb-crash-');

it('keeps all 200 acknowledged tickets across SIGKILL and continues at A201', async () => {
  let proc = await hub.start();
  const client = new HubClient({ baseUrl: proc.baseUrl });
  const issued: { id: string; number: string }[] = [];
  // 10 concurrent kiosks, 20 tickets each: exercises the batched writes.
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = 0; i < 20; i++) issued.push(await client.issueTicket({ serviceId: 'A' }));
    }),
  );
  expect(issued).toHaveLength(200);
  expect(new Set(issued.map((t) => t.number)).size).toBe(200);

  // No graceful shutdown: the process dies the instant the last ticket was acknowledged.
  expect(await proc.stop('SIGKILL')).toBeNull();

  proc = await hub.start();
  const after = new HubClient({ baseUrl: proc.baseUrl });
  await after.login('supervisor', 'callboard-demo');
  const queue = await after.queue();
  expect(queue.services.find((s) => s.serviceId === 'A')?.waiting).toBe(200);
  for (const t of issued) expect((await after.ticket(t.id)).number).toBe(t.number);
  const next = await after.issueTicket({ serviceId: 'A' });
  expect(next.number).toBe('A201');
  // The order survives too: the first ticket issued is the first called.
  const first = issued.reduce((a, b) => (a.number < b.number ? a : b));
  expect((await after.callNext('1')).id).toBe(first.id);
});

it('stops gracefully on SIGTERM with exit code 0', async () => {
  const proc = await hub.start();
  expect(await proc.stop('SIGTERM')).toBe(0);
});
