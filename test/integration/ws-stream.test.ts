/**
 * The embedded broker's WebSocket transport sends each MQTT packet as one WebSocket frame
 * (hub/src/broker/ws-stream.ts): a PUBLISH written by mqtt-packet in several corked writes arrives
 * at a WebSocket client as a single message that parses to the same packet. With ws's plain
 * stream it arrived as several frames (this test counts them).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketStream, WebSocket, WebSocketServer } from 'ws';
import { mqttWebSocketStream } from '../../hub/src/broker/ws-stream';

const packet = {
  cmd: 'publish' as const,
  topic: 'callboard/demo/calls',
  payload: Buffer.from(JSON.stringify({ v: 1, number: 'A023', counterId: '3' })),
  qos: 0 as const,
  dup: false,
  retain: false,
};

let server: WebSocketServer;
beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Frames a client receives when the server writes one PUBLISH through `wrap(socket)`. */
async function framesFor(wrap: (socket: WebSocket) => NodeJS.WritableStream & { cork?: () => void }): Promise<Buffer[]> {
  const connected = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const frames: Buffer[] = [];
  client.on('message', (data) => frames.push(data as Buffer));
  await once(client, 'open');
  const [socket] = await connected;
  mqttPacket.writeToStream(packet, wrap(socket) as never);
  await new Promise((r) => setTimeout(r, 200));
  client.close();
  return frames;
}

describe('MQTT over WebSocket transport', () => {
  it('sends a PUBLISH as one frame that parses to the same packet', async () => {
    const frames = await framesFor((s) => mqttWebSocketStream(s));
    expect(frames).toHaveLength(1);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const parsed: mqttPacket.Packet[] = [];
    parser.on('packet', (p) => parsed.push(p));
    parser.parse(frames[0] as Buffer);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ cmd: 'publish', topic: packet.topic });
    expect((parsed[0] as mqttPacket.IPublishPacket).payload.toString()).toBe(packet.payload.toString());
  });

  it('(ws’s plain stream splits the same packet into several frames)', async () => {
    const frames = await framesFor((s) => createWebSocketStream(s));
    expect(frames.length).toBeGreaterThan(1);
    expect(Buffer.concat(frames)).toEqual(Buffer.concat(await framesFor((s) => mqttWebSocketStream(s))));
  });
});
