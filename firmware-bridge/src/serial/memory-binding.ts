/**
 * An in-process serialport binding (implements @serialport/bindings-interface): `pair(a, b)`
 * declares two virtual ports joined by a null-modem cable in memory, so bytes written on one
 * end are read on the other. `callboard-bridge --emulate` uses it when socat is not installed
 * (or with `--emulate=inproc`): the drivers and the emulators keep their SerialLink, parsers
 * and codecs; only the transport under SerialPortStream differs from a pty.
 *
 * Like a pty pair: a path that was never paired does not exist (the link keeps retrying),
 * each end opens once at a time, bytes written while the far end is closed are lost, and
 * closing one end does not close the other. Baud rates are accepted and ignored.
 */
import type { SerialBinding } from './binding';

type BindingPort = Awaited<ReturnType<SerialBinding['open']>>;
type OpenOptions = Parameters<SerialBinding['open']>[0];

interface PendingRead {
  buffer: Buffer;
  offset: number;
  length: number;
  resolve: (r: { buffer: Buffer; bytesRead: number }) => void;
  reject: (err: Error) => void;
}

function canceled(message: string): Error {
  return Object.assign(new Error(message), { canceled: true });
}

class MemoryPort {
  isOpen = true;
  readonly openOptions: BindingPort['openOptions'];
  private readonly inbox: Buffer[] = [];
  private pending: PendingRead | null = null;

  constructor(
    private readonly hub: MemorySerialBinding,
    options: OpenOptions,
  ) {
    this.openOptions = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    } as BindingPort['openOptions'];
  }

  get path(): string {
    return this.openOptions.path;
  }

  /** Bytes from the far end. */
  deliver(bytes: Buffer): void {
    if (!this.isOpen || bytes.length === 0) return;
    this.inbox.push(Buffer.from(bytes));
    this.serve();
  }

  private serve(): void {
    const read = this.pending;
    if (!read || this.inbox.length === 0) return;
    this.pending = null;
    let bytesRead = 0;
    while (bytesRead < read.length && this.inbox.length > 0) {
      const head = this.inbox[0] as Buffer;
      const n = Math.min(head.length, read.length - bytesRead);
      head.copy(read.buffer, read.offset + bytesRead, 0, n);
      bytesRead += n;
      if (n === head.length) this.inbox.shift();
      else this.inbox[0] = head.subarray(n);
    }
    read.resolve({ buffer: read.buffer, bytesRead });
  }

  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) return Promise.reject(canceled('port is not open'));
    if (this.pending) return Promise.reject(new Error('a read is already pending'));
    return new Promise((resolve, reject) => {
      this.pending = { buffer, offset, length, resolve, reject };
      this.serve();
    });
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw canceled('port is not open');
    const bytes = Buffer.from(buffer);
    // Asynchronous like an OS write: the far end sees the bytes on a later turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.isOpen) throw canceled('port closed during write');
    this.hub.peerOf(this)?.deliver(bytes);
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
    this.isOpen = false;
    this.inbox.length = 0;
    const read = this.pending;
    this.pending = null;
    read?.reject(canceled('port closed'));
    this.hub.released(this);
  }

  async update(_options: { baudRate: number }): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
  }

  async set(_options: object): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
  }

  async get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }> {
    if (!this.isOpen) throw new Error('port is not open');
    return { cts: true, dsr: true, dcd: true };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    if (!this.isOpen) throw new Error('port is not open');
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
    this.inbox.length = 0;
  }

  async drain(): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
  }
}

/** Virtual ports paired in memory; `binding` is what SerialLink / the drivers take. */
export class MemorySerialBinding {
  private readonly peers = new Map<string, string>();
  private readonly open = new Map<string, MemoryPort>();

  /** Joins two virtual port paths (each path belongs to at most one pair). */
  pair(a: string, b: string): void {
    if (a === b) throw new Error(`cannot pair ${a} with itself`);
    for (const p of [a, b]) if (this.peers.has(p)) throw new Error(`virtual port ${p} is already paired`);
    this.peers.set(a, b);
    this.peers.set(b, a);
  }

  /** The paired paths (for listing). */
  get paths(): string[] {
    return [...this.peers.keys()];
  }

  peerOf(port: MemoryPort): MemoryPort | undefined {
    const peer = this.peers.get(port.path);
    return peer === undefined ? undefined : this.open.get(peer);
  }

  released(port: MemoryPort): void {
    if (this.open.get(port.path) === port) this.open.delete(port.path);
  }

  readonly binding: SerialBinding = {
    list: async () =>
      this.paths.map((path) => ({
        path,
        manufacturer: 'callboard (in-process)',
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
      })),
    open: async (options: OpenOptions) => {
      if (!options?.path) throw new TypeError('"path" is not a valid port');
      if (!this.peers.has(options.path)) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.open.has(options.path)) throw new Error(`Error Resource temporarily unavailable Cannot lock port ${options.path}`);
      const port = new MemoryPort(this, options);
      this.open.set(options.path, port);
      return port as unknown as BindingPort;
    },
  } as SerialBinding;
}
