/**
 * Opens a NeDB datastore whose appends are durable (see durable-append.ts): every data file of
 * the hub is opened here, so that "the promise resolved" means "on stable storage" everywhere.
 *
 * NeDB's compaction already writes a temporary file, fsyncs it, renames it into place and
 * fsyncs the directory; only its append path needed replacing. That is done on the instance
 * (NeDB has no storage option): `persistence.persistNewStateAsync` serialises the changed
 * documents exactly as NeDB does and hands the lines to an `AppendLog`.
 */
import { open } from 'node:fs/promises';
import Datastore from '@seald-io/nedb';
import model from '@seald-io/nedb/lib/model.js';
import { AppendLog } from './durable-append';

/** Told about every append's outcome (the storage monitor), and about repairs at load. */
export interface WriteObserver {
  written?(file: string, bytes: number): void;
  failed?(file: string, err: Error): void;
  repaired?(file: string, droppedBytes: number): void;
}

interface NedbPersistence {
  filename: string;
  inMemoryOnly: boolean;
  afterSerialization(line: string): Promise<string>;
  persistNewStateAsync(docs: unknown[]): Promise<void>;
}

const logs = new WeakMap<Datastore<any>, AppendLog>();

/**
 * `keepOpen`: hold the file open between appends (the store's long-lived collections; close
 * with `releaseDatastore`). Short-lived datastores (archive days, daily stats, meta) leave it off.
 */
export function openDatastore<T extends Record<string, any>>(
  filename: string,
  observer: WriteObserver = {},
  opts: { keepOpen?: boolean } = {},
): Datastore<T> {
  const ds = new Datastore<T>({ filename });
  const log = new AppendLog(filename, opts.keepOpen);
  logs.set(ds, log);
  // Compaction (and every load) renames a new file into place: appends must go to that one.
  ds.on('compaction.done', () => void log.release());
  const persistence = (ds as unknown as { persistence: NedbPersistence }).persistence;
  persistence.persistNewStateAsync = async (docs: unknown[]) => {
    if (persistence.inMemoryOnly) return;
    let text = '';
    for (const doc of docs) text += `${await persistence.afterSerialization(model.serialize(doc))}\n`;
    if (text.length === 0) return;
    try {
      await log.append(text);
    } catch (err) {
      observer.failed?.(filename, err as Error);
      throw err;
    }
    observer.written?.(filename, Buffer.byteLength(text));
  };
  // NeDB drops a line it cannot parse without a word, and refuses to start when more than a
  // tenth of a small file is unparsable: a torn last line is cut off first, and said so.
  const load = ds.loadDatabaseAsync.bind(ds);
  ds.loadDatabaseAsync = async () => {
    const dropped = await cutTornTail(filename);
    if (dropped > 0) observer.repaired?.(filename, dropped);
    return load();
  };
  return ds;
}

/** Closes the data file held open for appends (the store's close). */
export async function releaseDatastore(ds: Datastore<any>): Promise<void> {
  await logs.get(ds)?.release();
}

const CHUNK = 64 * 1024;

/**
 * Cuts a file back to its last complete line (one ending in "\n"), returning the bytes dropped.
 * Such a tail is what a write cut short leaves (a power cut on a file system without ordered
 * data, or a full disk under an older release); it was never acknowledged.
 */
export async function cutTornTail(file: string): Promise<number> {
  const fh = await open(file, 'r+').catch(() => null);
  if (!fh) return 0; // a new collection: NeDB creates it
  try {
    const size = (await fh.stat()).size;
    let end = size;
    const buf = Buffer.alloc(CHUNK);
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl >= 0) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
    if (end === size) return 0;
    await fh.truncate(end);
    await fh.datasync();
    return size - end;
  } finally {
    await fh.close();
  }
}
