/**
 * One error handler for the whole API: every failure leaves as `{ error: { code, message } }`
 * with the right status, and nothing a client sends can crash the process.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CallboardError, type ErrorBody } from '../protocol';

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'VALIDATION_FAILED' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'VALIDATION_FAILED' },
  FST_ERR_BAD_URL: { status: 400, code: 'VALIDATION_FAILED' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG' },
};

export function toErrorReply(err: FastifyError | CallboardError | Error): { status: number; body: ErrorBody } {
  if (err instanceof CallboardError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body };
  }
  const fe = err as FastifyError & { validation?: unknown };
  if (fe.validation) return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: fe.message } } };
  if (fe.code && FASTIFY_CODES[fe.code]) {
    const m = FASTIFY_CODES[fe.code] as { status: number; code: string };
    return { status: m.status, body: { error: { code: m.code, message: fe.message } } };
  }
  if (fe.statusCode === 429) return { status: 429, body: { error: { code: 'RATE_LIMITED', message: fe.message } } };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, body: { error: { code: fe.code ?? 'BAD_REQUEST', message: fe.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error; see the hub log' } } };
}

/** Fastify's `frameworkErrors` option: router-level refusals, answered like every other error. */
export function frameworkErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorReply(err);
  void reply.status(status).send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorReply(err as FastifyError);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    void reply.status(status).send(body);
  });
}
