import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, loadSiteSecret, newToken, sha256, verifyPassword } from './secrets';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'callboard-secrets-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('passwords', () => {
  it('verify round-trips and refuses a wrong password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(stored).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery ', stored)).toBe(false);
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('密码-пароль-🔑');
    expect(await verifyPassword('密码-пароль-🔑', stored)).toBe(true);
    expect(await verifyPassword('密码-пароль-🔐', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time, and both verify', async () => {
    const a = await hashPassword('same-password');
    const b = await hashPassword('same-password');
    expect(a).not.toBe(b);
    expect(await verifyPassword('same-password', a)).toBe(true);
    expect(await verifyPassword('same-password', b)).toBe(true);
  });

  it('refuses a tampered or malformed stored hash instead of throwing', async () => {
    const stored = await hashPassword('pw-123456');
    const parts = stored.split('$');
    const key = Buffer.from(parts[5] as string, 'base64');
    key[0] = (key[0] as number) ^ 1;
    const tampered = [...parts.slice(0, 5), key.toString('base64')].join('$');
    expect(await verifyPassword('pw-123456', tampered)).toBe(false);
    expect(await verifyPassword('pw-123456', '')).toBe(false);
    expect(await verifyPassword('pw-123456', 'pw-123456')).toBe(false);
    expect(await verifyPassword('pw-123456', stored.replace(/^scrypt/, 'bcrypt'))).toBe(false);
  });
});

describe('tokens', () => {
  it('newToken is url-safe and different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newToken()));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('sha256 is the hex digest', () => {
    // Published test vector.
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('loadSiteSecret', () => {
  it('returns the configured secret without touching the data dir', async () => {
    const dir = tempDir();
    expect(await loadSiteSecret(dir, 'configured-secret-value')).toBe('configured-secret-value');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates secret.key with mode 0600 on first start and returns the same value next time', async () => {
    const dir = tempDir();
    const first = await loadSiteSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(await loadSiteSecret(dir)).toBe(first);
    expect(await loadSiteSecret(dir)).toBe(first);
  });

  it('gives each site its own secret', async () => {
    expect(await loadSiteSecret(tempDir())).not.toBe(await loadSiteSecret(tempDir()));
  });

  it('concurrent first starts agree on one secret', async () => {
    const dir = tempDir();
    const values = await Promise.all([loadSiteSecret(dir), loadSiteSecret(dir), loadSiteSecret(dir)]);
    expect(new Set(values).size).toBe(1);
  });

  it('keeps an existing secret written by an operator', async () => {
    const dir = tempDir();
    const mine = 'f'.repeat(64);
    writeFileSync(path.join(dir, 'secret.key'), `${mine}\n`, { mode: 0o600 });
    expect(await loadSiteSecret(dir)).toBe(mine);
  });

  it('never returns an empty or short key (e.g. a secret.key truncated by a power cut)', async () => {
    for (const content of ['', '\n', 'short']) {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'secret.key'), content, { mode: 0o600 });
      let result: string | undefined;
      try {
        result = await loadSiteSecret(dir);
      } catch (err) {
        expect((err as Error).message).toContain('secret.key');
        continue;
      }
      expect(result.length, JSON.stringify(content)).toBeGreaterThanOrEqual(32);
    }
  });
});
