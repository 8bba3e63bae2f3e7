/**
 * The join page's one-time code over a real SMPP link: the hub's outbox sends it to the `smpp`
 * package's server acting as the operator's SMSC, the visitor joins with the code the SMSC
 * received, and the ticket carries only the masked number.
 */
import type { AddressInfo } from 'node:net';
import { HubClient } from '@callboard/hub/client';
import smpp, { type Pdu } from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const PHONE = '13712345678';

async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a join code through an SMPP gateway', () => {
  const texts: { to: string; text: string }[] = [];
  let bound = false;
  const server = smpp.createServer((session) => {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => {
      bound = true;
      session.send(pdu.response());
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
    session.on('submit_sm', (pdu: Pdu) => {
      texts.push({ to: pdu.destination_addr as string, text: (pdu.short_message as { message: string }).message });
      session.send(pdu.response({ message_id: String(texts.length) }));
    });
  });
  let hub: TestHub;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
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
            enquireLinkSec: 1,
          },
        };
        raw.visitors = { joinPerAddressPerHour: 100 };
        for (const s of raw.services) if (s.id === 'B') s.remoteJoin = { enabled: true, dailyCap: 10 };
      },
    });
    await until('bound to the SMSC', () => (bound ? true : undefined));
  });
  afterAll(async () => {
    await hub?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('texts the code in Chinese to the number; the code joins, the ticket shows the number masked', async () => {
    const phone = new HubClient({ baseUrl: hub.baseUrl });
    expect((await phone.joinOptions()).phoneCodes).toBe(true);
    await phone.requestPhoneCode({ phone: PHONE, lang: 'zh' });
    const sms = await until('the code at the SMSC', () => texts.find((t) => t.to.endsWith(PHONE)));
    expect(sms.text).toMatch(/^验证码\d{6}，5分钟内有效/);
    const code = /(\d{6})/.exec(sms.text)?.[1] as string;
    const ticket = await phone.join({ serviceId: 'B', phone: { number: PHONE, code } });
    expect(ticket).toMatchObject({ serviceId: 'B', identityMasked: '137****5678' });
  });
});
