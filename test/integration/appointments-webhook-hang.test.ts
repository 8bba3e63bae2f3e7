/**
 * A webhook receiver that never answers must not slow the queue: deliveries run beside the
 * request path. The test books appointments (each emits an event to the hanging receiver) and
 * keeps calling; every call completes, and the call-next latency with the receiver hanging is
 * printed next to the latency before any event was emitted (a figure, not an assertion).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubClient } from '@callboard/hub/client';
import { afterAll, expect, it } from 'vitest';
import { type Hub, startTestHub } from '../support/hub';

let hub: (Hub & { baseUrl: string }) | undefined;
let receiver: Server | undefined;
const hanging: import('node:http').ServerResponse[] = [];
afterAll(async () => {
  await hub?.close();
  for (const res of hanging) res.destroy();
  await new Promise((r) => receiver?.close(r));
});

function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (w[i] as number), 0);
  return first17 + ('10X98765432'[sum % 11] as string);
}

async function timedCalls(clerk: HubClient, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await clerk.callNext('1');
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

it('keeps calling while the webhook receiver hangs', async () => {
  let requests = 0;
  receiver = createServer((_req, res) => {
    requests++;
    hanging.push(res); // never answered
  });
  await new Promise<void>((r) => receiver?.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const now = Date.now();
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now + 2 * 86_400_000);
  hub = await startTestHub({
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 10_000 };
      cfg.appointments = {
        extraSlots: [{ serviceId: 'C', date: local, time: '10:00', durationMin: 30, capacity: 100 }],
        webhook: { url, secret: 'webhook-secret-0123456789', timeoutMs: 60_000, maxAttempts: 3, backoffMs: 1000 },
      };
    },
  });
  const anon = new HubClient({ baseUrl: hub.baseUrl });
  const clerk = new HubClient({ baseUrl: hub.baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  const sup = new HubClient({ baseUrl: hub.baseUrl });
  await sup.login('supervisor', 'callboard-demo');
  for (let i = 0; i < 40; i++) await anon.issueTicket({ serviceId: 'A' });

  const before = await timedCalls(clerk, 10);
  // Each booking emits appointment.booked to the receiver, which holds the connection open.
  for (let i = 0; i < 10; i++)
    await sup.bookAppointment({
      slotId: `C@${local}T10:00`,
      identity: { kind: 'id-card', value: idNumber(`1101011990010${String(100 + i).padStart(4, '0')}`) },
      channel: 'window',
    });
  const deadline = Date.now() + 10_000;
  while (requests === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(requests).toBeGreaterThan(0); // the receiver is really holding deliveries open
  const during = await timedCalls(clerk, 20);
  expect(during).toHaveLength(20);
  const p50 = (xs: number[]) => xs[Math.floor(xs.length / 2)]?.toFixed(1);
  console.log(`call-next p50 before: ${p50(before)} ms; with ${requests} webhook deliveries hanging: ${p50(during)} ms`);
});
