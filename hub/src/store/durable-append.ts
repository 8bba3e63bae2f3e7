/**
 * The store's one way of appending records to a data file. NeDB's own append is
 * `fs.appendFile` (open, write, close): nothing reaches stable storage until the kernel
 * writes it back, and a write that fails half-way (disk full) leaves a torn line that the
 * next append is glued onto — both records are then dropped on the next load.
 *
 * Here an append is: note the size, write everything, fdatasync (the file stays open between
 * appends). If any step fails, the file is cut back to the size it had before, so the next append
 * starts on a clean line; only then is the error passed on. A caller's write is therefore
 * either entirely on stable storage or entirely absent.
 */
import { open } from 'node:fs/promises';
import { fsyncEnabled } from '../fs/durable-file';
import { CallboardError } from '../protocol';

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * One data file's appends. With `keepOpen` the file stays open between appends (for the hot
 * collections, where opening, stat'ing and closing it per batch cost more than the write);
 * whoever replaces the file — NeDB's compaction renames a new one into place — then calls
 * `release()`, and the next append opens the new file. Without it each append opens and closes.
 */
export class AppendLog {
  private fh: FileHandle | null = null;
  private size = 0;
  /** The last cut-back failed: the next append first ends the torn line. */
  private torn = false;

  constructor(
    readonly file: string,
    private readonly keepOpen = false,
  ) {}

  async append(text: string): Promise<void> {
    const data = Buffer.from((this.torn ? '\n' : '') + text, 'utf8');
    const fh = await this.handle();
    const before = this.size;
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await fh.write(data, done, data.length - done);
        done += bytesWritten;
      }
      if (fsyncEnabled()) await fh.datasync();
      this.size = before + data.length;
      this.torn = false;
      if (!this.keepOpen) await this.release();
    } catch (err) {
      await this.cutBack(fh, before);
      throw storageError(err, this.file);
    }
  }

  /** Closes the file; the next append opens it again (by name: a renamed-in replacement). */
  async release(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => undefined);
  }

  private async handle(): Promise<FileHandle> {
    if (this.fh) return this.fh;
    let fh: FileHandle | undefined;
    try {
      fh = await open(this.file, 'a', 0o644);
      this.size = (await fh.stat()).size;
    } catch (err) {
      await fh?.close().catch(() => undefined);
      throw storageError(err, this.file);
    }
    this.fh = fh;
    return fh;
  }

  /** Truncates a failed append away; if even that fails, the next append starts a new line. */
  private async cutBack(fh: FileHandle, size: number): Promise<void> {
    try {
      await fh.truncate(size);
      if (fsyncEnabled()) await fh.datasync();
    } catch {
      this.torn = true;
    }
    // Reopened (and its size read again) at the next append.
    await this.release();
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
