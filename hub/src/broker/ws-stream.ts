/**
 * MQTT over WebSocket for the embedded broker: ws's stream, but one WebSocket frame per MQTT
 * packet. mqtt-packet writes a PUBLISH as several small writes (header, length, topic, payload)
 * inside cork()/uncork(); ws's stream has no `_writev`, so each write became a frame of its own
 * and a socket write of its own — ≈ 5 system calls per screen per message, 44 % of the hub's busy
 * time with 500 screens (docs/performance.md). With `_writev` the corked writes leave as one frame.
 * MQTT over WebSocket allows a packet to span frames, so clients see no difference but speed.
 */
import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocket } from 'ws';

export function mqttWebSocketStream(socket: WebSocket): Duplex {
  const duplex = createWebSocketStream(socket);
  const write = duplex._write.bind(duplex);
  duplex._writev = (chunks, callback) => {
    const buffers = chunks.map(({ chunk, encoding }) =>
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding as BufferEncoding),
    );
    // (The encoding argument is ignored for a Buffer.)
    write(buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers), 'binary', callback);
  };
  return duplex;
}
