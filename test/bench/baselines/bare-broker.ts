/**
 * Baseline for call → screen: the same broker the hub embeds (aedes) on the same transports
 * (TCP, and WebSocket at /mqtt on a Fastify server), with no ACL, no queue and no store.
 * Publish → subscribe through it is the floor for the hub's call → screen latency.
 */
import { createServer } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import { Aedes } from 'aedes';
import Fastify from 'fastify';
import { createWebSocketStream } from 'ws';

const aedes = await Aedes.createBroker();
const tcp = createServer((socket) => aedes.handle(socket));
await new Promise<void>((resolve) => tcp.listen(Number(process.env.MQTT_PORT), '127.0.0.1', () => resolve()));
const app = Fastify({ logger: false });
await app.register(fastifyWebsocket);
app.get('/health', async () => ({ status: 'ok' }));
app.get('/mqtt', { websocket: true }, (socket, req) => {
  aedes.handle(createWebSocketStream(socket), req.raw);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  tcp.close();
  void app.close().then(() => aedes.close(() => process.exit(0)));
});
