/**
 * Device pairing (ARCHITECTURE §7): a new kiosk or screen asks to be paired and shows a short
 * code; a supervisor who sees the same code in the staff console approves it, naming the device;
 * the device, polling with a secret only it knows, then receives its token exactly once.
 * Pending requests live in memory for 15 minutes: a restart simply shows a new code.
 *
 * Flooding: anyone on the LAN may ask, so each address holds at most a few pending requests (its
 * oldest is dropped for a new one), and when the list is full the oldest request of the address
 * holding the most goes: a real device asking from its own address always gets a code. A
 * supervisor can clear the pending list (all of it, or one address's).
 */
import { randomInt } from 'node:crypto';
import { CallboardError, type DeviceKind, type PairingPoll, type PairingRequestView, type PairingStart } from '../protocol';
import { newToken, sha256 } from '../security';

export const PAIRING_TTL_MS = 15 * 60 * 1000;
export const MAX_PENDING = 50;
/** Pending requests one address may hold; a screen asks again after a restart, so a few. */
export const MAX_PENDING_PER_ADDRESS = 3;

export interface PairingRequest extends PairingRequestView {
  status: 'pending' | 'approved' | 'rejected';
  deviceId?: string;
  /** Set on approval, handed over once, then forgotten. */
  token?: string;
}

export class PairingService {
  private readonly requests = new Map<string, PairingRequest & { pollHash: string }>();

  constructor(
    private readonly now: () => number,
    /** Called when an address reaches its cap (the supervisor's alert). */
    private readonly onFlood?: (ip: string) => void,
  ) {}

  /** A device asks; it gets the code to display and a poll secret to collect its token with. */
  request(kind: DeviceKind, name: string | undefined, ip: string | undefined): PairingStart {
    this.expire();
    const mine = this.pendingEntries().filter(([, r]) => r.ip === ip);
    if (mine.length >= MAX_PENDING_PER_ADDRESS) {
      this.onFlood?.(ip ?? '?');
      for (const [id] of mine.slice(0, mine.length - MAX_PENDING_PER_ADDRESS + 1)) this.requests.delete(id);
    }
    if (this.pendingEntries().length >= MAX_PENDING) this.evictFromBusiestAddress();
    const at = this.now();
    const id = newToken(12);
    const poll = newToken(24);
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (this.pending().some((r) => r.code === code));
    const req = {
      id,
      code,
      kind,
      createdAt: at,
      expiresAt: at + PAIRING_TTL_MS,
      status: 'pending' as const,
      pollHash: sha256(poll),
    };
    this.requests.set(id, { ...req, ...(name ? { name } : {}), ...(ip ? { ip } : {}) });
    return { requestId: id, code, pollSecret: poll, expiresAt: req.expiresAt };
  }

  /** The device polls; after approval it receives its id and token once. */
  poll(id: string, pollSecret: string): PairingPoll {
    this.expire();
    const req = this.requests.get(id);
    if (!req || req.pollHash !== sha256(pollSecret)) return { status: 'expired' };
    if (req.status === 'approved' && req.token && req.deviceId) {
      const out = { status: req.status, deviceId: req.deviceId, token: req.token };
      this.requests.delete(id); // handed over: never again
      return out;
    }
    if (req.status === 'rejected') this.requests.delete(id);
    return { status: req.status };
  }

  /** Drops pending requests: every one, or those from one address; returns how many. */
  clear(ip?: string): number {
    let n = 0;
    for (const [id, r] of this.pendingEntries())
      if (ip === undefined || r.ip === ip) {
        this.requests.delete(id);
        n++;
      }
    return n;
  }

  /** Pending requests, oldest first (the map keeps insertion order). */
  private pendingEntries() {
    return [...this.requests].filter(([, r]) => r.status === 'pending');
  }

  private evictFromBusiestAddress(): void {
    const byIp = new Map<string | undefined, string[]>();
    for (const [id, r] of this.pendingEntries()) byIp.set(r.ip, [...(byIp.get(r.ip) ?? []), id]);
    const busiest = [...byIp.values()].sort((a, b) => b.length - a.length)[0];
    if (busiest?.[0]) this.requests.delete(busiest[0]);
  }

  pending(): PairingRequestView[] {
    this.expire();
    return [...this.requests.values()]
      .filter((r) => r.status === 'pending')
      .map(({ id, code, kind, name, ip, createdAt, expiresAt }) => ({
        id,
        code,
        kind,
        createdAt,
        expiresAt,
        ...(name ? { name } : {}),
        ...(ip ? { ip } : {}),
      }));
  }

  /** Approve by request id; the caller creates the device and passes its token in. */
  approve(id: string, code: string, deviceId: string, token: string): PairingRequest {
    const req = this.pendingRequest(id, code);
    req.status = 'approved';
    req.deviceId = deviceId;
    req.token = token;
    return req;
  }

  reject(id: string, code: string): void {
    this.pendingRequest(id, code).status = 'rejected';
  }

  private pendingRequest(id: string, code: string) {
    this.expire();
    const req = this.requests.get(id);
    if (req?.status !== 'pending') throw new CallboardError('NOT_FOUND', 'no pending pairing request with this id (expired?)');
    // The supervisor confirms the code the device shows: approving the wrong screen is caught here.
    if (req.code !== code) throw new CallboardError('VALIDATION_FAILED', 'the code does not match the one the device shows');
    return req;
  }

  private expire(): void {
    const at = this.now();
    for (const [id, r] of this.requests) if (r.expiresAt <= at) this.requests.delete(id);
  }
}
