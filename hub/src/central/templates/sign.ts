/**
 * Template signatures: Ed25519 over the envelope's canonical JSON (keys sorted, no `sig`). Head
 * office holds the private key (`central.templateKey`, a PKCS#8 PEM file); each site is given the
 * public key (`uplink.templatePublicKey`, an SPKI PEM file) and refuses anything it does not verify.
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TemplateEnvelope } from '../../protocol';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const loadPrivateKey = (file: string): KeyObject => createPrivateKey(readFileSync(file));
export const loadPublicKey = (file: string): KeyObject => createPublicKey(readFileSync(file));

export function signEnvelope(body: Omit<TemplateEnvelope, 'sig'>, key: KeyObject): TemplateEnvelope {
  const sig = sign(null, Buffer.from(canonicalJson(body)), key).toString('base64');
  return { ...body, sig };
}

/** True only when `sig` is a valid signature of the rest by `key`. */
export function verifyEnvelope(envelope: TemplateEnvelope, key: KeyObject): boolean {
  const { sig, ...body } = envelope;
  if (typeof sig !== 'string' || sig.length === 0) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}
