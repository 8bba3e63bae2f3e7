/** Passwords (scrypt), opaque tokens (random, stored as SHA-256) and the site's HMAC key. */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { syncDir, syncFile } from '../fs/durable-file';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const newToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The key for identity HMACs: from config/env, else created once in the data dir (mode 600). */
export async function loadSiteSecret(dataDir: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: create it below
  }
  const secret = randomBytes(32).toString('hex');
  // Durable before any identity is hashed with it: a key lost in a power cut would orphan every stored hash.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).then(
    async () => {
      await syncFile(file);
      await syncDir(dataDir);
    },
    () => {
      // another process won the race; use its key
    },
  );
  const key = (await readFile(file, 'utf8')).trim();
  // An existing but short/empty file (e.g. truncated by a power cut) must not become the HMAC
  // key: an empty key makes identity hashes brute-forceable. Replacing it silently would break
  // matching of stored hashes, so the operator decides.
  if (key.length < 32)
    throw new Error(`${file} holds no usable secret (need at least 32 characters): restore it, or delete it to create a new one`);
  return key;
}
