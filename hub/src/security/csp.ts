/**
 * Content-Security-Policy of the three apps (kiosk, display, staff). Scripts only from the hub
 * itself plus the app shell's own inline bootstrap script, allowed by its SHA-256 hash (read from
 * the built index.html, so a rebuild is picked up); nothing from elsewhere, no plugins, never
 * framed. Styles may be inline (Svelte's transitions add style elements); connections go to the
 * hub and to MQTT over WebSocket.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** The hashes of a page's inline scripts, as CSP sources. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/.test(m[1] ?? '')) continue;
    out.push(
      `'sha256-${createHash('sha256')
        .update(m[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return out;
}

export function appCsp(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy for an app's pages, recomputed when its index.html changes. */
export class AppCspCache {
  private readonly cache = new Map<string, { mtimeMs: number; policy: string }>();

  policyFor(indexFile: string): string {
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(indexFile).mtimeMs;
    } catch {
      return appCsp([]);
    }
    const hit = this.cache.get(indexFile);
    if (hit && hit.mtimeMs === mtimeMs) return hit.policy;
    const policy = appCsp(inlineScriptHashes(readFileSync(indexFile, 'utf8')));
    this.cache.set(indexFile, { mtimeMs, policy });
    return policy;
  }
}
