/**
 * Joining from a phone away from the site's network: a one-time code texted to the number (through
 * the hub's CodeSender, which the SMS outbox implements; here one that records what it is given),
 * one open ticket per number per service, and the clear number nowhere on disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError, HubClient } from '@callboard/hub/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub';

const NUMBER = '13912345678';
let hub: TestHub;
let phone: HubClient;
const texts: { phone: string; code: string }[] = [];

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return { status: (err as ApiError).status, code: (err as ApiError).code };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

beforeAll(async () => {
  hub = await startTestHub({
    patch: (cfg) => {
      cfg.rateLimit = { ticketsPerMinutePerClient: 1000 };
      // No site network listed: nobody joins without a number.
      cfg.visitors = { joinWithoutPhone: true, joinPerAddressPerHour: 100 };
      for (const s of cfg.services) if (s.id === 'B' || s.id === 'C') s.remoteJoin = { enabled: true, dailyCap: 50 };
    },
  });
  hub.queue.useCodeSender({ sendCode: (p) => void texts.push({ phone: p.phone, code: p.code }) });
  phone = new HubClient({ baseUrl: hub.baseUrl });
});
afterAll(async () => {
  await hub?.close();
});

describe('join with a phone number', () => {
  it('off the site network: needs the code texted to the number; one open ticket per number per service', async () => {
    const options = await phone.joinOptions();
    expect(options).toMatchObject({ withoutPhone: false, phoneCodes: true });
    expect(await refusal(phone.join({ serviceId: 'B' }))).toEqual({ status: 403, code: 'NOT_ON_SITE_NETWORK' });

    await phone.requestPhoneCode({ phone: NUMBER, lang: 'zh' });
    expect(texts).toHaveLength(1);
    expect(texts[0]?.phone).toBe(NUMBER);
    const code = texts[0]?.code as string;
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await refusal(phone.join({ serviceId: 'B', phone: { number: NUMBER, code: wrong } }))).toEqual({
      status: 409,
      code: 'PHONE_CODE_INVALID',
    });
    const ticket = await phone.join({ serviceId: 'B', phone: { number: NUMBER, code } });
    expect(ticket.identityMasked).toBe('139****5678');
    // The code is used up.
    expect(await refusal(phone.join({ serviceId: 'C', phone: { number: NUMBER, code } }))).toEqual({
      status: 409,
      code: 'PHONE_CODE_INVALID',
    });

    // Same number, same service, new code: refused without naming the ticket; another service is fine.
    await phone.requestPhoneCode({ phone: `+86 ${NUMBER}` });
    const again = await refusal(phone.join({ serviceId: 'B', phone: { number: NUMBER, code: texts[1]?.code as string } }));
    expect(again).toEqual({ status: 409, code: 'ALREADY_WAITING' });
    await phone.requestPhoneCode({ phone: NUMBER });
    const other = await phone.join({ serviceId: 'C', phone: { number: NUMBER, code: texts[2]?.code as string } });
    expect(other.serviceId).toBe('C');
    // A fourth code in the hour for this number is refused.
    expect(await refusal(phone.requestPhoneCode({ phone: NUMBER }))).toEqual({ status: 429, code: 'REMOTE_JOIN_LIMIT' });
  });

  it('keeps the clear number off the disk (tickets, audit) and out of the answers', async () => {
    const dataDir = hub.startOptions.dataDir as string;
    const files = filesUnder(dataDir).filter((f) => /\.(db|json|log)$/.test(f));
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).toContain('139****5678'); // the tickets are there, masked
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(NUMBER);
  });
});
