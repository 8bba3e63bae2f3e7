/**
 * TLS material for HTTPS/WSS and MQTTS: the site's own certificate files, or a self-signed
 * certificate generated once (with openssl, present on Debian) under DATA_DIR/tls. Its SHA-256
 * fingerprint is printed at start so kiosks and screens can pin it.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { syncPathSync } from '../fs/durable-file';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  fingerprint256: string;
  selfSigned: boolean;
  certFile: string;
}

/** Names and addresses the certificate is valid for: this host on the LAN, and loopback. */
export function subjectAltNames(): string[] {
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1', `DNS:${hostname()}`]);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) names.add(`IP:${a.address}`);
  return [...names];
}

export function loadTls(tls: { cert?: string; key?: string; selfSigned: boolean }, dataDir: string): TlsMaterial {
  let certFile = tls.cert;
  let keyFile = tls.key;
  let selfSigned = false;
  if (!certFile || !keyFile) {
    if (!tls.selfSigned) throw new Error('tls: no cert/key given and selfSigned is off');
    const dir = path.join(dataDir, 'tls');
    certFile = path.join(dir, 'cert.pem');
    keyFile = path.join(dir, 'key.pem');
    selfSigned = true;
    if (!existsSync(certFile) || !existsSync(keyFile)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-days',
            '825',
            '-keyout',
            keyFile,
            '-out',
            certFile,
            '-subj',
            `/CN=${hostname()}/O=Callboard`,
            '-addext',
            `subjectAltName=${subjectAltNames().join(',')}`,
          ],
          { stdio: 'pipe' },
        );
      } catch (err) {
        throw new Error(
          `cannot generate a self-signed certificate with openssl (install the openssl package, or give tls.cert and tls.key): ${(err as Error).message}`,
        );
      }
      // openssl does not fsync: an empty certificate after a power cut would stop the hub from starting.
      for (const p of [keyFile, certFile, dir]) syncPathSync(p);
    }
  }
  const cert = readFileSync(certFile);
  const key = readFileSync(keyFile);
  return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256, selfSigned, certFile };
}
