import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallboardError } from '../protocol';
import { cutTornTail, openDatastore, releaseDatastore } from './durable-datastore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cb-durable-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** The prototype of Node's FileHandle (not exported), to watch or break its calls. */
async function fileHandleProto(): Promise<Record<string, (...args: any[]) => any>> {
  const fh = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(fh);
  await fh.close();
  return proto;
}

describe('durable appends', () => {
  it('fdatasyncs the data file before an insert resolves', async () => {
    const proto = await fileHandleProto();
    const file = path.join(dir, 'tickets.db');
    const ds = openDatastore<{ _id: string; n: number }>(file);
    await ds.loadDatabaseAsync();
    const datasync = vi.spyOn(proto, 'datasync');
    await ds.insertAsync([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ]);
    // One append for the whole batch, one fdatasync for it.
    expect(datasync).toHaveBeenCalledTimes(1);
    expect(readFileSync(file, 'utf8')).toMatch(/"_id":"a".*\n.*"_id":"b".*\n$/);
  });

  it('cuts a write that failed half-way back off, so the next record starts on a clean line', async () => {
    const proto = await fileHandleProto();
    const file = path.join(dir, 'tickets.db');
    const ds = openDatastore<{ _id: string; n: number }>(file, {}, { keepOpen: true });
    await ds.loadDatabaseAsync();
    await ds.insertAsync({ _id: 'kept', n: 1 });
    const before = readFileSync(file, 'utf8');
    // The disk fills after the first 10 bytes of the next append.
    const write = proto.write as (...args: any[]) => Promise<{ bytesWritten: number }>;
    const spy = vi.spyOn(proto, 'write').mockImplementationOnce(async function (this: unknown, buf: Buffer) {
      await write.call(this, buf, 0, 10);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const failed = await ds.insertAsync({ _id: 'refused', n: 2 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CallboardError);
    expect((failed as CallboardError).code).toBe('STORAGE_FULL');
    expect((failed as CallboardError).status).toBe(503);
    expect(readFileSync(file, 'utf8')).toBe(before);
    spy.mockRestore();

    await ds.removeAsync({ _id: 'refused' }, {}); // what the store does for a refused insert
    await ds.insertAsync({ _id: 'after', n: 3 });
    const reopened = openDatastore<{ _id: string; n: number }>(file);
    await reopened.loadDatabaseAsync();
    expect((await reopened.findAsync({})).map((d) => d._id).sort()).toEqual(['after', 'kept']);
  });
});

describe('a file held open between appends', () => {
  it('follows compaction: appends after it go to the file renamed into place', async () => {
    const file = path.join(dir, 'tickets.db');
    const ds = openDatastore<{ _id: string }>(file, {}, { keepOpen: true });
    await ds.loadDatabaseAsync();
    await ds.insertAsync({ _id: 'before' });
    await ds.compactDatafileAsync();
    await ds.insertAsync({ _id: 'after' });
    await releaseDatastore(ds);
    const reopened = openDatastore<{ _id: string }>(file);
    await reopened.loadDatabaseAsync();
    expect((await reopened.findAsync({})).map((d) => d._id).sort()).toEqual(['after', 'before']);
  });
});

describe('torn tails at load', () => {
  it('cuts an unterminated last line off, says so, and keeps every complete record', async () => {
    const file = path.join(dir, 'counters.db');
    // Two records and a torn third: a third of the file unparsable would make NeDB refuse to start.
    writeFileSync(file, '{"_id":"1","state":"open"}\n{"_id":"2","state":"closed"}\n{"_id":"3","sta');
    const repaired = vi.fn();
    const ds = openDatastore<{ _id: string }>(file, { repaired });
    await ds.loadDatabaseAsync();
    expect(repaired).toHaveBeenCalledWith(file, '{"_id":"3","sta'.length);
    expect((await ds.findAsync({})).map((d) => d._id).sort()).toEqual(['1', '2']);
  });

  it('leaves a clean file alone, and drops a file that holds no complete line', async () => {
    const clean = path.join(dir, 'clean.db');
    writeFileSync(clean, '{"_id":"1"}\n');
    expect(await cutTornTail(clean)).toBe(0);
    const torn = path.join(dir, 'torn.db');
    writeFileSync(torn, '\0\0\0\0');
    expect(await cutTornTail(torn)).toBe(4);
    expect(readFileSync(torn, 'utf8')).toBe('');
    expect(await cutTornTail(path.join(dir, 'missing.db'))).toBe(0);
  });
});
