/**
 * Watches the data dir's disk: free space (checked every minute and after every 64 KB appended) and
 * the outcome of the last write. `/health` and the supervisors' floor alerts read its state,
 * so a site hears of a filling disk before tickets are refused, and at once when they are.
 */
import { statfs } from 'node:fs/promises';

export type StorageStatus = 'ok' | 'low' | 'full' | 'failed';

export interface StorageState {
  status: StorageStatus;
  /** Bytes free for the hub's user; null if the file system would not say. */
  freeBytes: number | null;
  /** The warning threshold. */
  lowBytes: number;
  /** The last write failure while it lasts (a later successful write clears it). */
  failure?: { at: number; code: string; file: string; path: string };
}

interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Below this much free space supervisors are warned (override: `CALLBOARD_STORAGE_LOW_MB`). */
export const DEFAULT_LOW_BYTES = 200 * 1024 * 1024;
const CHECK_MS = 60_000;
/** Appends look at the free space again after this many bytes (a statfs per batch showed in profiles). */
const CHECK_EVERY_BYTES = 64 * 1024;

export class StorageMonitor {
  private free: number | null = null;
  private failure: StorageState['failure'];
  private timer: NodeJS.Timeout | undefined;
  private reported: StorageStatus = 'ok';
  private checking: Promise<StorageState> | undefined;
  /** The failed file has taken a write since: the failure ends once there is room again. */
  private retried = false;
  private bytesSinceCheck = 0;
  readonly lowBytes: number;
  log: Log | undefined;

  constructor(
    private readonly dataDir: string,
    lowBytes?: number,
  ) {
    const env = Number(process.env.CALLBOARD_STORAGE_LOW_MB);
    this.lowBytes = lowBytes ?? (Number.isFinite(env) && env >= 0 ? env * 1024 * 1024 : DEFAULT_LOW_BYTES);
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One statfs at a time (it is cheap: every append asks for one, so a filling disk is seen at once). */
  check(): Promise<StorageState> {
    this.checking ??= this.measure().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async measure(): Promise<StorageState> {
    this.bytesSinceCheck = 0;
    try {
      const s = await statfs(this.dataDir);
      this.free = Number(s.bavail) * Number(s.bsize);
    } catch {
      this.free = null;
    }
    // A full disk that took one small write is still full: it is over once a real margin is free.
    const room = this.free === null || this.free >= this.lowBytes / 4;
    if (this.failure && this.retried && (room || this.failure.code !== 'STORAGE_FULL')) this.failure = undefined;
    this.report();
    return this.state();
  }

  /**
   * A failure lasts until the file that failed takes a write again: on a full disk a small
   * record elsewhere may still fit while every batch of tickets is refused.
   */
  written(file: string, bytes = 0): void {
    this.bytesSinceCheck += bytes;
    if (this.failure?.path === file) this.retried = true;
    else if (this.bytesSinceCheck < CHECK_EVERY_BYTES) return;
    void this.check();
  }

  failed(file: string, err: Error): void {
    const code = (err as { code?: string }).code ?? 'UNKNOWN';
    this.failure = { at: Date.now(), code, file: file.slice(file.lastIndexOf('/') + 1), path: file };
    this.retried = false;
    void this.check();
  }

  repaired(file: string, droppedBytes: number): void {
    this.log?.warn(
      { file, droppedBytes },
      'store repaired: cut off a torn last record left by an interrupted write (it had never been acknowledged)',
    );
  }

  state(): StorageState {
    return {
      status: this.status(),
      freeBytes: this.free,
      lowBytes: this.lowBytes,
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  private status(): StorageStatus {
    if (this.failure) return this.failure.code === 'STORAGE_FULL' ? 'full' : 'failed';
    if (this.free !== null && this.free < this.lowBytes) return 'low';
    return 'ok';
  }

  /** One log line per change of state, not one per refused request. */
  private report(): void {
    const status = this.status();
    if (status === this.reported) return;
    this.reported = status;
    const detail = { dataDir: this.dataDir, freeBytes: this.free, lowBytes: this.lowBytes, failure: this.failure };
    if (status === 'ok') this.log?.info(detail, 'storage: writable again, free space above the warning threshold');
    else if (status === 'low') this.log?.warn(detail, 'storage: free space below the warning threshold');
    else this.log?.error(detail, `storage: writes are failing (${status}); nothing new is acknowledged until this is fixed`);
  }
}
