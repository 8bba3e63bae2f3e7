/**
 * Backups: one gzip'd JSON file holding every store file of the data dir (collections,
 * archive days, the identity HMAC key), each with its SHA-256, plus the schema version.
 *
 * Taken while the hub runs: NeDB only ever appends whole lines to a file (compaction replaces
 * the file atomically by rename), so a file read at any moment is a prefix of its writes,
 * possibly ending in a half-written line. That last partial line is dropped: the backup holds
 * every write acknowledged before the read began, and nothing half-written.
 *
 * The identity key (`secret.key`) is NOT in the backup: with the key, an 18-digit ID number's
 * hash is reversible by enumeration (birth dates and region codes are few), so a backup on a USB
 * disk or network share must not carry both. The site keeps a copy of the key apart from its
 * backups (docs/security.md, docs/operations.md); a restore says when the key is missing or is not
 * the one the backup was made with (`keyFingerprint`). Backups are still written with mode 600.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gunzip as gunzipCb } from 'node:zlib';

// Compression runs on libuv's thread pool, so a backup of a year of archive does not stall the hub.
const gunzip = promisify(gunzipCb);

import { renameDurably } from '../fs/durable-file';
import { readSchemaVersion } from './schema-version';

export const BACKUP_FORMAT = 'callboard-backup';

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  appVersion: string;
  schemaVersion: number;
  createdAt: number;
  /** A fingerprint of the identity key in use when the backup was made (not the key). */
  keyFingerprint?: string;
  files: { name: string; sha256: string; content: string }[];
  /** SHA-256 over the names and hashes of every file, in order. */
  digest: string;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const digestOf = (files: readonly { name: string; sha256: string }[]) =>
  sha256(files.map((f) => `${f.name}:${f.sha256}`).join('\n'));

/** Store files in a data dir, relative names: `tickets.db`, `archive/2026-11-24.db`, `secret.key`. */
async function storeFiles(dataDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dataDir, { withFileTypes: true })) {
    if (entry.isFile() && (entry.name.endsWith('.db') || entry.name === 'secret.key')) names.push(entry.name);
  }
  const archive = path.join(dataDir, 'archive');
  if (existsSync(archive))
    for (const entry of await readdir(archive, { withFileTypes: true }))
      if (entry.isFile() && entry.name.endsWith('.db')) names.push(`archive/${entry.name}`);
  return names.sort();
}

const KEY_FILE = 'secret.key';

/** A fingerprint of the data dir's identity key (a hash of its hash: says which key, reveals nothing). */
export async function keyFingerprint(dataDir: string): Promise<string | undefined> {
  const key = await readFile(path.join(dataDir, KEY_FILE), 'utf8').catch(() => undefined);
  return key === undefined ? undefined : sha256(`callboard-key:${sha256(key.trim())}`).slice(0, 16);
}

/** What a restore found about the identity key (the backup does not carry it). */
export type KeyState = 'in-backup' | 'matches' | 'missing' | 'different' | 'unknown';

/** Drops a trailing line that was still being appended when the file was read. */
export function completeLines(text: string): string {
  if (text === '' || text.endsWith('\n')) return text;
  const cut = text.lastIndexOf('\n');
  return cut < 0 ? '' : text.slice(0, cut + 1);
}

/** What `createBackup` wrote: the backup's header and its file list (names, checksums, sizes). */
export interface BackupSummary extends Omit<BackupFile, 'files'> {
  files: { name: string; sha256: string; bytes: number }[];
}

/**
 * Writes the backup as a stream, one store file at a time: the same JSON document `readBackup`
 * parses, piped through gzip (on libuv's thread pool) to disk. Memory stays near the largest single
 * file rather than the whole data dir (a year of archive had peaked at ≈ 700 MB of RSS and stalled
 * the event loop for the JSON.stringify of it all).
 */
export async function createBackup(dataDir: string, outFile: string, appVersion: string, at: number): Promise<BackupSummary> {
  if (!existsSync(dataDir)) throw new BackupError(`no data dir at ${dataDir}`);
  const names = (await storeFiles(dataDir)).filter((n) => n !== KEY_FILE);
  const fingerprint = await keyFingerprint(dataDir);
  const header = {
    format: BACKUP_FORMAT as typeof BACKUP_FORMAT,
    formatVersion: 1 as const,
    appVersion,
    schemaVersion: await readSchemaVersion(dataDir),
    createdAt: at,
    ...(fingerprint ? { keyFingerprint: fingerprint } : {}),
  };
  const listed: BackupSummary['files'] = [];
  async function* json(): AsyncGenerator<string> {
    yield `${JSON.stringify(header).slice(0, -1)},"files":[`;
    for (const [i, name] of names.entries()) {
      const raw = await readFile(path.join(dataDir, name), 'utf8');
      const content = name.endsWith('.db') ? completeLines(raw) : raw;
      const entry = { name, sha256: sha256(content), content };
      listed.push({ name, sha256: entry.sha256, bytes: Buffer.byteLength(content) });
      yield `${i > 0 ? ',' : ''}${JSON.stringify(entry)}`;
    }
    digest = digestOf(listed);
    yield `],"digest":${JSON.stringify(digest)}}`;
  }
  let digest = '';
  await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
  const tmp = `${outFile}.partial`;
  await pipeline(Readable.from(json()), createGzip(), createWriteStream(tmp, { mode: 0o600 }));
  await renameDurably(tmp, outFile); // a backup file exists only once complete, and survives a power cut
  return { ...header, files: listed, digest };
}

/** Reads and verifies a backup; throws BackupError naming what is wrong. */
export async function readBackup(file: string): Promise<BackupFile> {
  let parsed: BackupFile;
  try {
    parsed = JSON.parse((await gunzip(await readFile(file))).toString('utf8')) as BackupFile;
  } catch (err) {
    throw new BackupError(`${file} is not a readable Callboard backup (${(err as Error).message})`);
  }
  if (parsed?.format !== BACKUP_FORMAT || !Array.isArray(parsed.files))
    throw new BackupError(`${file} is not a Callboard backup`);
  for (const f of parsed.files) {
    if (typeof f.name !== 'string' || f.name.includes('..') || path.isAbsolute(f.name))
      throw new BackupError(`${file} holds an unsafe file name: ${JSON.stringify(f.name)}`);
    if (sha256(f.content) !== f.sha256) throw new BackupError(`${file} is corrupted: ${f.name} does not match its checksum`);
  }
  if (digestOf(parsed.files) !== parsed.digest)
    throw new BackupError(`${file} is corrupted: the file list does not match its digest`);
  return parsed;
}

/**
 * Restores into an empty (or, with `force`, any) data dir. Refuses a backup whose schema is
 * newer than this release understands; an older one is migrated at the next start.
 */
export async function restoreBackup(
  file: string,
  dataDir: string,
  supportedSchema: number,
  force = false,
): Promise<BackupFile & { keyState: KeyState }> {
  const backup = await readBackup(file);
  if (backup.schemaVersion > supportedSchema)
    throw new BackupError(
      `${file} was made by Callboard ${backup.appVersion} with schema ${backup.schemaVersion}; this release understands up to ${supportedSchema}`,
    );
  if (existsSync(dataDir) && (await storeFiles(dataDir)).length > 0 && !force)
    throw new BackupError(`${dataDir} already holds data: restore into an empty dir, or pass --force to overwrite it`);
  await mkdir(path.join(dataDir, 'archive'), { recursive: true });
  for (const f of backup.files) {
    const target = path.join(dataDir, f.name);
    const tmp = `${target}.restoring`;
    await writeFile(tmp, f.content, { mode: 0o600 });
    await renameDurably(tmp, target);
  }
  // Older backups carried the key; newer ones never do: the site's own copy must be put back.
  const here = await keyFingerprint(dataDir);
  const keyState: KeyState = backup.files.some((f) => f.name === KEY_FILE)
    ? 'in-backup'
    : here === undefined
      ? 'missing'
      : backup.keyFingerprint === undefined
        ? 'unknown'
        : here === backup.keyFingerprint
          ? 'matches'
          : 'different';
  return { ...backup, keyState };
}
