/**
 * Baseline for ticket issue: a bare Fastify JSON route, in a child process of its own like the
 * hub. Same path, same JSON body parsing and a reply of the same shape and size — no
 * validation, no store, no queue, no MQTT. The gap to the hub is what Callboard itself costs.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
let seq = 0;
app.get('/api/v1/health', async () => ({ status: 'ok' }));
app.post('/api/v1/tickets', async (request, reply) => {
  const { serviceId } = request.body as { serviceId: string };
  seq++;
  return reply.status(201).send({
    id: randomUUID(),
    number: `${serviceId}${String(seq).padStart(5, '0')}`,
    serviceId,
    status: 'waiting',
    priority: 'normal',
    position: seq,
    estimatedWaitSec: seq * 10,
    issuedAt: Date.now(),
    trackUrl: `http://localhost:8080/t/${randomUUID().replaceAll('-', '')}`,
  });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
