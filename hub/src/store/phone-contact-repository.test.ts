import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PhoneContact } from '../protocol';
import { createBackup, readBackup } from './backup';
import { PhoneContactRepository } from './phone-contact-repository';
import { Store } from './store';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const contact = (id: string, businessDate: string, hmac: string): PhoneContact => ({
  id,
  kind: 'inbound',
  businessDate,
  startedAt: Date.parse(`${businessDate}T02:00:00Z`),
  answeredAt: Date.parse(`${businessDate}T02:00:05Z`),
  endedAt: Date.parse(`${businessDate}T02:04:00Z`),
  outcome: 'answered',
  extension: '201',
  staffId: 'clerk1',
  ringSec: 5,
  talkSec: 235,
  callerHmac: hmac,
  callerMasked: '138****5678',
});

describe('the phone-contacts store', () => {
  it('keeps contacts across a restart; retention and erasure drop the caller and leave no older line with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'callboard-contacts-'));
    dirs.push(dir);
    let store = await Store.open(dir);
    let repo = new PhoneContactRepository(store);
    await repo.record(contact('c-old', '2026-08-01', 'aaaa1111'));
    await repo.record(contact('c-new', '2026-12-01', 'aaaa1111'));
    await repo.record(contact('c-other', '2026-12-02', 'bbbb2222'));
    await repo.record({ ...contact('c-other', '2026-12-02', 'bbbb2222'), talkSec: 1 }); // the same id replaces
    await store.close();

    store = await Store.open(dir);
    repo = new PhoneContactRepository(store);
    expect((await repo.between('2026-12-01', '2026-12-31')).map((c) => [c.id, c.talkSec])).toEqual([
      ['c-new', 235],
      ['c-other', 1],
    ]);
    expect((await repo.ofIdentity('aaaa1111')).map((c) => c.id)).toEqual(['c-old', 'c-new']);

    // Retention: days before the identity boundary lose their caller; the contact stays.
    expect(await repo.forgetBefore('2026-09-01')).toBe(1);
    expect(await repo.forgetBefore('2026-09-01')).toBe(0);
    const [old] = await repo.between('2026-08-01', '2026-08-01');
    expect(old).toMatchObject({ id: 'c-old', outcome: 'answered', staffId: 'clerk1' });
    expect(old).not.toHaveProperty('callerHmac');
    expect(old).not.toHaveProperty('callerMasked');

    // A person's erasure: their other contact too.
    expect(await repo.forgetIdentity('aaaa1111')).toBe(1);
    expect(await repo.ofIdentity('aaaa1111')).toEqual([]);
    await store.close();
    const file = readFileSync(path.join(dir, 'phone-contacts.db'), 'utf8');
    expect(file).not.toContain('aaaa1111');
    expect(file).toContain('bbbb2222');
    expect(file.trim().split('\n').length).toBeGreaterThanOrEqual(3);

    // A backup carries the store like every store file (the caller as erased: not in it).
    const out = path.join(dir, 'backup.cbk');
    await createBackup(dir, out, 'test', Date.now());
    const backup = await readBackup(out);
    const copy = backup.files.find((f) => f.name === 'phone-contacts.db');
    expect(copy?.content).toContain('c-other');
    expect(copy?.content).not.toContain('aaaa1111');
  });
});

describe('a PBX call id cannot replace another contact', () => {
  it('a call id like a callback’s, or one the PBX uses again on another day, leaves the other contact as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'callboard-contacts-'));
    dirs.push(dir);
    const store = await Store.open(dir);
    const repo = new PhoneContactRepository(store);
    const cb: PhoneContact = { ...contact('callback:k1', '2026-12-01', 'aaaa1111'), kind: 'callback', ticketNumber: 'A001' };
    await repo.record(cb);
    await repo.record(contact('7', '2026-12-01', 'aaaa1111'));
    // A forged or careless PBX event: the callback's id, and a call id used again a day later for someone else.
    await repo.record(contact('callback:k1', '2026-12-02', 'bbbb2222'));
    await repo.record(contact('7', '2026-12-02', 'bbbb2222'));
    const all = await repo.between('2026-12-01', '2026-12-31');
    expect(all).toHaveLength(4);
    expect(await repo.ofIdentity('aaaa1111')).toEqual(
      [cb, contact('7', '2026-12-01', 'aaaa1111')].sort((a, b) => a.startedAt - b.startedAt),
    );
    await store.close();
  });
});
