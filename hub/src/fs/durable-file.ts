/**
 * Whole files put in place by rename (backups, restored collections, history day files, the
 * site secret): the data is fsynced before the rename and the directory after it. Without the
 * first, a power cut can leave the new name pointing at an empty file; without the second, the
 * rename itself can be undone. No NeDB here: every layer (store, reports' files, secrets, TLS)
 * may use it.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * fsync/fdatasync on. Off only for benchmarks that compare the cost
 * (`CALLBOARD_UNSAFE_NO_FSYNC=1`): without it a power cut can lose acknowledged writes.
 */
export const fsyncEnabled = (): boolean => process.env.CALLBOARD_UNSAFE_NO_FSYNC !== '1';

/** Flushes one file's data to stable storage. */
export async function syncFile(file: string): Promise<void> {
  if (!fsyncEnabled()) return;
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes the directory's entries (a create, rename or unlink in it) durable. */
export async function syncDir(dir: string): Promise<void> {
  if (!fsyncEnabled()) return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    // A few file systems refuse fsync on a directory; there is nothing more to do there.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await fh.close();
  }
}

/** Renames a complete, already written `tmp` over `file`, durably. */
export async function renameDurably(tmp: string, file: string): Promise<void> {
  await syncFile(tmp);
  await rename(tmp, file);
  await syncDir(path.dirname(file));
}

/** Writes `data` to `file` through a temporary file: readers and crashes see the old or the new file whole. */
export async function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data, { mode });
  await renameDurably(tmp, file);
}

/** Flushes a file or a directory, synchronously (for start-up code that is synchronous). */
export function syncPathSync(file: string): void {
  if (!fsyncEnabled()) return;
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
