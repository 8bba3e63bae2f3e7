/**
 * Scanner stream parser: splits at the terminator and, when a scanner sends none (or a
 * different one than configured), ends a code after an inter-byte pause.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { ScanSplitter } from './codec';
import { DEFAULT_INTER_BYTE_MS, type Terminator } from './constants';

export class ScanParser extends Transform {
  readonly splitter: ScanSplitter;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    terminator: Terminator,
    private readonly interByteMs = DEFAULT_INTER_BYTE_MS,
  ) {
    super({ readableObjectMode: true });
    this.splitter = new ScanSplitter(terminator);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const code of this.splitter.push(chunk)) this.push(code);
    if (this.splitter.pending > 0)
      this.timer = setTimeout(() => {
        this.timer = null;
        const code = this.splitter.flush();
        if (code) this.push(code);
      }, this.interByteMs);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.timer) clearTimeout(this.timer);
    const code = this.splitter.flush();
    if (code) this.push(code);
    done();
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.splitter.flush();
  }
}
