/**
 * Texts through an operator's SMPP gateway: the hub's SMPP client against the `smpp` package's
 * own server acting as the SMSC (real TCP). Texts at "3 ahead" and at the call arrive as
 * submit_sm in UCS-2 (data_coding 8), a long one in concatenated parts; delivery receipts mark
 * them delivered. A failing SMSC (refuses submits, then drops the connection) costs bounded
 * retries and a supervisor alert, and call-next answers as fast as before (printed, not asserted:
 * the machine is shared).
 */

import { HubClient } from '@callboard/hub/client';
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';
import { TestSmsc } from '../support/smsc';

const PHONE = '13812345678';
const KIOSK = 'demo-kiosk-1-token-0001';

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Median call-next round trip over `n` calls (ms). */
async function callNextLatency(clerk: HubClient, kiosk: HubClient, n: number): Promise<number> {
  for (let i = 0; i < n; i++) await kiosk.issueTicket({ serviceId: 'B' });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await clerk.callNext('3');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

describe('texts through an SMPP gateway (the smpp package as the SMSC)', () => {
  const smsc = new TestSmsc();
  let hub: TestHub;
  let kiosk: HubClient;
  let clerk: HubClient;
  let supervisor: HubClient;

  beforeAll(async () => {
    const port = await smsc.listen();
    hub = await startTestHub({
      patch: (raw) => {
        raw.backup = { enabled: false };
        raw.notifications = {
          transport: 'smpp',
          smpp: {
            host: '127.0.0.1',
            port,
            systemId: 'callboard',
            password: 'secret1',
            sourceAddr: '10690001',
            perSecond: 50,
            enquireLinkSec: 1,
          },
          retryFirstMs: 100,
          retryMaxMs: 400,
          maxAttempts: 3,
          templates: {
            en: {
              called:
                '{number}: please go to {counter} now — and bring your documents, your ticket and your appointment letter. ({site})',
            },
          },
        };
      },
    });
    kiosk = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK });
    clerk = new HubClient({ baseUrl: hub.baseUrl });
    await clerk.login('clerk1', 'callboard-demo');
    supervisor = new HubClient({ baseUrl: hub.baseUrl });
    await supervisor.login('supervisor', 'callboard-demo');
    await until('bound to the SMSC', () => smsc.binds > 0);
  });
  afterAll(async () => {
    await hub?.close();
    await smsc.close();
  });

  it('binds as a transceiver and keeps the link with enquire_link', async () => {
    await until('an enquire_link', () => smsc.enquireLinks > 0, 10_000);
  });

  it('"3 ahead" (Chinese, UCS-2) and "called" (a long text, in parts) arrive at the SMSC, and are delivered', async () => {
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await kiosk.issueTicket({ serviceId: 'A' }));
    const mine = tickets[4] as (typeof tickets)[number];
    const token = mine.trackUrl.split('/t/')[1] as string;
    const visitor = new HubClient({ baseUrl: hub.baseUrl });
    await visitor.setNotify(token, { phone: `+86 ${PHONE}`, aheadAt: 3, lang: 'zh' });
    await clerk.callNext('1');
    await until('"3 ahead" at the SMSC', () => smsc.texts().length === 1);
    expect(smsc.texts()[0]).toEqual({ to: PHONE, text: `${mine.number}号：前面还有3人，请回到候诊区。【演示政务服务大厅】` });
    expect(smsc.submitted[0]?.dataCoding).toBe(8);

    await visitor.setNotify(token, { lang: 'en' });
    for (let i = 0; i < 4; i++) await clerk.callNext('1');
    await until('"called" at the SMSC', () => smsc.texts().length === 2);
    expect(smsc.texts()[1]?.text).toBe(
      `${mine.number}: please go to Counter 1 now — and bring your documents, your ticket and your appointment letter. (Demo Service Hall)`,
    );
    expect(smsc.submitted.filter((s) => s.udh).length).toBe(2);
    await until('all delivered', async () => {
      const o = await supervisor.request<{ messages: { state: string }[] }>('GET', '/notifications/outbox');
      return o.messages.filter((m) => m.state === 'delivered').length === 2;
    });
  });

  it('a failing SMSC: bounded retries, a supervisor alert, and call-next as fast as before', async () => {
    await callNextLatency(clerk, kiosk, 5); // warm-up: the first calls pay for JIT and caches
    const before = await callNextLatency(clerk, kiosk, 15);
    smsc.refuse = smpp.ESME_RSYSERR;
    const submitsBefore = smsc.submitted.length;
    // Many visitors ask for texts at once; every one is refused, retried, given up.
    const tickets = [];
    for (let i = 0; i < 6; i++) tickets.push(await kiosk.issueTicket({ serviceId: 'C' }));
    for (const t of tickets)
      await new HubClient({ baseUrl: hub.baseUrl }).setNotify(t.trackUrl.split('/t/')[1] as string, {
        phone: PHONE,
        aheadAt: 50,
      });
    // …and the SMSC drops the connection on top of it.
    smsc.dropAll();
    const during = await callNextLatency(clerk, kiosk, 15);
    const alerts = await until('sms alerts on the floor view', async () => {
      const a = (await supervisor.floor()).alerts;
      return a.some((x) => x.kind === 'sms_failed') && a.some((x) => x.kind === 'sms_transport_down') ? a : undefined;
    });
    expect(alerts.find((a) => a.kind === 'sms_failed')).toMatchObject({ subject: 'ahead' });
    const failed = await until('every text given up', async () => {
      const o = await supervisor.request<{ messages: { state: string; attempts: number }[] }>('GET', '/notifications/outbox');
      const f = o.messages.filter((m) => m.state === 'failed');
      return f.length === 6 ? f : undefined;
    });
    expect(failed.every((m) => m.attempts === 3)).toBe(true);
    expect(smsc.submitted.length).toBe(submitsBefore);
    console.log(
      `call-next median round trip: ${before.toFixed(1)} ms with a healthy SMSC, ${during.toFixed(1)} ms while it refuses and drops (15 calls each)`,
    );
    // The link comes back by itself.
    smsc.refuse = null;
    await until('bound again', () => smsc.sessions.size > 0 && smsc.binds >= 2);
  });
});
