import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { describe, expect, it } from 'vitest';
import { stopOnClose } from './teardown';

describe('stopOnClose', () => {
  it('stops parts newest first and goes on past a part that fails', async () => {
    const order: string[] = [];
    const app = Fastify({ logger: false });
    const errors: string[] = [];
    app.log.error = ((o: { part: string }) => errors.push(o.part)) as typeof app.log.error;
    const part = (name: string, stop: () => unknown) => fp(async (a) => stopOnClose(a, name, stop), { name });
    app.register(part('store', () => order.push('store')));
    app.register(
      part('broker', async () => {
        order.push('broker');
        throw new Error('already gone');
      }),
    );
    app.register(part('http', async () => order.push('http')));
    await app.ready();
    await app.close();
    expect(order).toEqual(['http', 'broker', 'store']);
    expect(errors).toEqual(['broker']);
  });

  it('stops the parts already started when a later one fails to start', async () => {
    const order: string[] = [];
    const app = Fastify({ logger: false });
    app.register(fp(async (a) => stopOnClose(a, 'store', () => order.push('store')), { name: 'store' }));
    app.register(
      fp(
        async () => {
          throw new Error('port taken');
        },
        { name: 'broker' },
      ),
    );
    await expect(app.ready()).rejects.toThrow('port taken');
    await app.close();
    expect(order).toEqual(['store']);
  });
});
