/**
 * A cap on the size of incoming MQTT packets, checked on the raw bytes before the MQTT parser
 * buffers them, on every listener (TCP, TLS, WebSocket) and before authentication: a client that
 * announces a packet over the limit is disconnected at once, whatever it has sent so far. The
 * parser in mqtt-packet has no limit of its own (a 128 MB PUBLISH was held in memory).
 *
 * The meter follows the packet boundaries of the stream: a fixed header byte, the remaining
 * length (1–4 bytes, 7 bits each), then that many bytes it skips.
 */
import type { Duplex } from 'node:stream';

export class PacketSizeMeter {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(private readonly maxBytes: number) {}

  /** Feeds the next bytes of the stream; false once a packet is over the limit (or malformed). */
  feed(buf: Buffer): boolean {
    let i = 0;
    while (i < buf.length) {
      if (this.state === 'header') {
        i++;
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.state === 'length') {
        const byte = buf[i++] as number;
        this.length += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (this.length > this.maxBytes) return false;
        if (byte & 0x80) {
          if (this.lengthBytes >= 4) return false;
          continue;
        }
        this.remaining = this.length;
        this.state = this.remaining > 0 ? 'body' : 'header';
      } else {
        const take = Math.min(this.remaining, buf.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'header';
      }
    }
    return true;
  }
}

/**
 * Meters what the broker reads from `stream` (aedes pulls with `read()`); an oversized packet
 * destroys the stream before the broker sees its bytes.
 */
export function limitPacketSize(stream: Duplex, maxBytes: number, onRefused: () => void): Duplex {
  const meter = new PacketSizeMeter(maxBytes);
  const read = stream.read.bind(stream);
  let refused = false;
  stream.read = (size?: number) => {
    if (refused) return null;
    const chunk = read(size) as Buffer | string | null;
    if (chunk === null) return chunk;
    if (!meter.feed(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))) {
      refused = true;
      onRefused();
      stream.destroy();
      return null;
    }
    return chunk;
  };
  return stream;
}
