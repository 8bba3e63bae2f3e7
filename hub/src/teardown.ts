/**
 * The hub's one teardown path. Every part is a Fastify plugin that says how to stop it as it
 * starts; Fastify runs those `onClose` hooks newest first, both when `Hub.close()` closes the app
 * and when a start-up that failed half-way is closed. A step that fails is logged and the
 * others still run.
 */
import type { FastifyInstance } from 'fastify';

/** Registers how to stop a part that has just started. */
export function stopOnClose(app: FastifyInstance, part: string, stop: () => unknown): void {
  app.addHook('onClose', async () => {
    try {
      await stop();
    } catch (err) {
      app.log.error({ err, part }, 'stopping failed');
    }
  });
}
