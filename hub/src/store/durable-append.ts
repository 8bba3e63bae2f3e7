/**
 * The store's one way of appending records to a data file. NeDB's own append is
 * `fs.appendFile` (open, write, close): nothing reaches stable storage until the kernel
 * writes it back, and a write that fails half-way (disk full) leaves a torn line that the
 * next append is glued onto — both records are then dropped on the next load.
 *
 * Here an append is: open for append, note the size, write everything, fdatasync, close.
 * If any step fails, the file is cut back to the size it had before, so the next append
 * starts on a clean line; only then is the error passed on. A caller's write is therefore
 * either entirely on stable storage or entirely absent.
 */
import { open } from 'node:fs/promises';
import { CallboardError } from '../protocol';

/**
 * fdatasync after every append. Off only for benchmarks that compare the cost
 * (`CALLBOARD_UNSAFE_NO_FSYNC=1`): without it a power cut can lose acknowledged writes.
 */
export const fsyncEnabled = (): boolean => process.env.CALLBOARD_UNSAFE_NO_FSYNC !== '1';

/** Files whose cut-back failed: their next append first ends the torn line. */
const tornFiles = new Set<string>();

export async function appendDurably(file: string, text: string): Promise<void> {
  const prefix = tornFiles.has(file) ? '\n' : '';
  const data = Buffer.from(prefix + text, 'utf8');
  const fh = await open(file, 'a', 0o644).catch((err: unknown) => {
    throw storageError(err, file);
  });
  let sizeBefore = -1;
  try {
    sizeBefore = (await fh.stat()).size;
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await fh.write(data, done, data.length - done);
      done += bytesWritten;
    }
    if (fsyncEnabled()) await fh.datasync();
    tornFiles.delete(file);
  } catch (err) {
    if (sizeBefore >= 0) await cutBack(fh, file, sizeBefore);
    throw storageError(err, file);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Truncates a failed append away; if even that fails, the next append starts a new line. */
async function cutBack(fh: Awaited<ReturnType<typeof open>>, file: string, size: number): Promise<void> {
  try {
    await fh.truncate(size);
    if (fsyncEnabled()) await fh.datasync();
  } catch {
    tornFiles.add(file);
  }
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** A write failure as the API reports it: a full disk is a 503 a kiosk can explain, not a 500. */
export function storageError(err: unknown, file: string): Error {
  if (err instanceof CallboardError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  const failure = FULL_CODES.has(code)
    ? new CallboardError(
        'STORAGE_FULL',
        'The hub cannot save new tickets: its disk is full. Please ask a member of staff for help.',
        { file: fileName(file) },
      )
    : new CallboardError('STORAGE_FAILED', 'The hub could not save this change. Please try again or ask a member of staff.', {
        file: fileName(file),
        cause: code,
      });
  (failure as Error & { cause?: unknown }).cause = err;
  return failure;
}

function fileName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
