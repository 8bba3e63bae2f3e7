/**
 * Security alerts for the supervisor's floor view: sign-in backoffs, device token guessing on
 * MQTT, a pairing flood, a public URL that was never set (tickets would carry a localhost QR);
 * and the texts to visitors that failed (the outbox raises them here so none is lost silently).
 * Kept in memory, one per (kind, subject), counted, and dropped after a quiet spell; those
 * about the configuration stay until the hub restarts with it fixed.
 */
import type { FloorAlert } from '../protocol';

export type SecurityAlertKind =
  | 'login_backoff'
  | 'mqtt_auth_failures'
  | 'pairing_flood'
  | 'public_url_unset'
  | 'print_localhost'
  // Texts to visitors (hub/src/notify/outbox.ts): subject is the text's purpose or the transport.
  | 'sms_failed'
  | 'sms_transport_down';

/** An alert not raised again for this long disappears. */
export const SECURITY_ALERT_TTL_MS = 30 * 60_000;
const STICKY: ReadonlySet<SecurityAlertKind> = new Set(['public_url_unset']);

interface Entry {
  kind: SecurityAlertKind;
  subject: string;
  since: number;
  last: number;
  count: number;
}

export class SecurityAlerts {
  private readonly entries = new Map<string, Entry>();

  raise(kind: SecurityAlertKind, subject: string, now: number): void {
    const key = `${kind}/${subject}`;
    const e = this.entries.get(key);
    if (e && now - e.last <= SECURITY_ALERT_TTL_MS) {
      e.last = now;
      e.count++;
      return;
    }
    this.entries.set(key, { kind, subject, since: now, last: now, count: 1 });
    // A flood of distinct subjects must not grow this without bound.
    if (this.entries.size > 200) this.entries.delete(this.entries.keys().next().value as string);
  }

  list(now: number): FloorAlert[] {
    const out: FloorAlert[] = [];
    for (const [key, e] of this.entries) {
      if (!STICKY.has(e.kind) && now - e.last > SECURITY_ALERT_TTL_MS) {
        this.entries.delete(key);
        continue;
      }
      out.push({
        kind: e.kind,
        severity: e.kind === 'public_url_unset' || e.kind === 'print_localhost' ? 'critical' : 'warning',
        subject: e.subject,
        since: e.since,
        count: e.count,
      });
    }
    return out;
  }
}
