/** The visitor's appointment page token: 128 random bits, URL-safe (the reminder text's link). */
import { randomBytes } from 'node:crypto';

export function newVisitToken(): string {
  return randomBytes(16).toString('base64url');
}
