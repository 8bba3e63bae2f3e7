/** The Fastify instance of the hub: HTTPS with the site's certificate when set, limits, logging, TypeBox validation. */
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { frameworkErrorHandler } from '../api/errors';
import type { TlsMaterial } from '../security';

export function createApp(
  tls: TlsMaterial | null,
  logger: boolean | object | undefined,
  /** Addresses of a reverse proxy whose X-Forwarded-For is believed (the public listener only). */
  trustProxy: string[] = [],
): FastifyInstance {
  const app = Fastify({
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    // A logger already made (the public listener shares the hub's) is passed as an instance.
    ...(logger && typeof logger === 'object' && 'child' in logger
      ? { loggerInstance: logger as FastifyBaseLogger }
      : { logger: logger ?? { level: process.env.LOG_LEVEL ?? 'info' } }),
    bodyLimit: 64 * 1024,
    // Per-request logs would be noise at hundreds of tickets a minute; refusals and errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxy.length > 0 ? trustProxy : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    // Errors the router raises before any route or error handler runs (a malformed URL, a path
    // parameter over 100 characters) get the API's error shape too; found by test/fuzz.
    frameworkErrors: frameworkErrorHandler,
    // Opening and migrating a large store may take long on a busy box: no start-up time limit.
    pluginTimeout: 0,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  return app as unknown as FastifyInstance;
}
