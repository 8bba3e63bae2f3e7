/**
 * Watches the data dir's disk: free space (checked every minute and after a failed write) and
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
  failure?: { at: number; code: string; file: string };
}

interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Below this much free space supervisors are warned (override: `CALLBOARD_STORAGE_LOW_MB`). */
export const DEFAULT_LOW_BYTES = 200 * 1024 * 1024;
const CHECK_MS = 60_000;

export class StorageMonitor {
  private free: number | null = null;
  private failure: StorageState['failure'];
  private timer: NodeJS.Timeout | undefined;
  private reported: StorageStatus = 'ok';
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

  async check(): Promise<StorageState> {
    try {
      const s = await statfs(this.dataDir);
      this.free = Number(s.bavail) * Number(s.bsize);
    } catch {
      this.free = null;
    }
    this.report();
    return this.state();
  }

  written(): void {
    if (!this.failure) return;
    this.failure = undefined;
    void this.check();
  }

  failed(file: string, err: Error): void {
    const code = (err as { code?: string }).code ?? 'UNKNOWN';
    this.failure = { at: Date.now(), code, file: file.slice(file.lastIndexOf('/') + 1) };
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
