/**
 * Cross-site request refusal (CSRF), as a pure function of the request's method and headers.
 * The session cookie is SameSite=Strict, but a page on another port of the same host is
 * "same-site" and would carry it. So every state-changing request (anything but GET, HEAD,
 * OPTIONS — body or not: call-next, check-in, logout) that a browser marks as coming from
 * another origin is refused:
 * - `Sec-Fetch-Site` other than `same-origin` or `none` (typed into the address bar);
 * - else an `Origin` that is not the hub's own (the Host it was reached at, or site.publicUrl).
 * Requests with neither header do not come from a browser (curl, the bridge, integrations) and
 * carry no ambient credentials a third party could borrow; they pass.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestFacts {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The origins this hub answers as: `http(s)://<Host header>` and the public URL's. */
  ownOrigins: readonly string[];
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Why the request is refused as cross-site, or null when it may proceed. */
export function crossSiteRefusal(req: RequestFacts): string | null {
  if (SAFE.has(req.method.toUpperCase())) return null;
  const site = first(req.headers['sec-fetch-site'])?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request may not change anything here`;
  const origin = first(req.headers.origin);
  if (origin === undefined) return null;
  if (!req.ownOrigins.includes(origin.toLowerCase())) return `requests from ${origin} may not change anything here`;
  return null;
}

/** `scheme://host[:port]` of a URL, lower case; undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}
