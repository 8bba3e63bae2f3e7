/**
 * Transport limits and access settings of the `security` section of the configuration, with
 * their defaults (docs/security.md explains each). Pure: the config file's section in, the
 * settings in effect out.
 */
export interface SecuritySettings {
  /** Open connections per client address, HTTP (with WebSocket) and MQTT each. */
  connectionsPerAddress: number;
  /** Whether the cap also applies to the hub box itself (127.0.0.1, ::1: a local proxy, benchmarks). */
  capLoopback: boolean;
  /** Largest MQTT packet a client may send, on every listener, checked before authentication. */
  mqttMaxPacketBytes: number;
  /** Longest MQTT keepalive allowed without credentials (0 = none is refused too). */
  mqttAnonymousMaxKeepaliveSec: number;
  /** A client that has not sent its MQTT CONNECT within this long is disconnected. */
  mqttConnectTimeoutMs: number;
  /** An HTTP connection with no request for this long is closed. */
  httpIdleTimeoutMs: number;
  /** A request whose headers have not all arrived within this long is refused (slow clients). */
  httpHeadersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this long. */
  httpRequestTimeoutMs: number;
  /** Bearer token for a Prometheus scraper on GET /api/v1/metrics (staff may always read it). */
  metricsToken?: string;
}

export type SecuritySection = Partial<SecuritySettings>;

export const SECURITY_DEFAULTS: SecuritySettings = {
  connectionsPerAddress: 64,
  capLoopback: false,
  mqttMaxPacketBytes: 256 * 1024,
  mqttAnonymousMaxKeepaliveSec: 300,
  mqttConnectTimeoutMs: 10_000,
  httpIdleTimeoutMs: 60_000,
  httpHeadersTimeoutMs: 15_000,
  httpRequestTimeoutMs: 30_000,
};

export function securitySettings(section: SecuritySection | undefined): SecuritySettings {
  return { ...SECURITY_DEFAULTS, ...section };
}

/** Whether an address is the hub box itself. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || !!address?.startsWith('127.');
}

/**
 * Open connections per client address, capped. `acquire` says whether one more may open;
 * every successful acquire is matched by one `release`.
 */
export class AddressCap {
  private readonly open = new Map<string, number>();

  constructor(private readonly settings: Pick<SecuritySettings, 'connectionsPerAddress' | 'capLoopback'>) {}

  acquire(address: string | undefined): boolean {
    const key = address ?? '?';
    if (isLoopback(address) && !this.settings.capLoopback) return true;
    const n = this.open.get(key) ?? 0;
    if (n >= this.settings.connectionsPerAddress) return false;
    this.open.set(key, n + 1);
    return true;
  }

  release(address: string | undefined): void {
    const key = address ?? '?';
    if (isLoopback(address) && !this.settings.capLoopback) return;
    const n = (this.open.get(key) ?? 0) - 1;
    if (n <= 0) this.open.delete(key);
    else this.open.set(key, n);
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
