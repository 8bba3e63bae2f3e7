/** How a fuzz request reaches a hub: `app.inject` (fast, in process) or real HTTP (a child hub). */
import type { FastifyInstance } from 'fastify';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  setCookie: string[];
}

export type Transport = (req: Sent) => Promise<Answer>;

export function injectTransport(app: FastifyInstance): Transport {
  return async (req) => {
    const res = await app.inject({
      method: req.method as 'GET',
      url: req.url,
      headers: req.headers,
      ...(req.body !== undefined ? { payload: req.body } : {}),
    });
    const sc = res.headers['set-cookie'];
    return {
      status: res.statusCode,
      contentType: String(res.headers['content-type'] ?? ''),
      body: res.body,
      setCookie: sc === undefined ? [] : Array.isArray(sc) ? sc : [sc],
    };
  };
}

export function httpTransport(baseUrl: string): Transport {
  return async (req) => {
    // fetch refuses a body on GET (inject sends it): the HTTP slice sends GETs without one.
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body;
    const res = await fetch(`${baseUrl}${req.url}`, {
      method: req.method,
      headers: req.headers,
      ...(body !== undefined ? { body } : {}),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: await res.text(),
      setCookie: res.headers.getSetCookie(),
    };
  };
}
