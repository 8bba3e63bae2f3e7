/**
 * Whether a site is online in the central console: pure, from what central last heard.
 * Offline when the site said so (a clean stop, or its uplink's last will), when its bridge's
 * notification says the bridge dropped (the central broker's last will for the bridge), or when
 * nothing came from it for 3 heartbeats (a silent link).
 */
import type { CentralSite, SiteStatusMessage } from '../protocol';

export interface HeardFromSite {
  status: SiteStatusMessage | null;
  lastSeenAt: number | null;
  bridge: '1' | '0' | null;
}

/** A site whose status names no heartbeat is given this one. */
export const DEFAULT_HEARTBEAT_SEC = 15;

export function siteState(heard: HeardFromSite, now: number, offlineAfterSec?: number): Pick<CentralSite, 'state' | 'reason'> {
  if (heard.bridge === '0') return { state: 'offline', reason: 'bridge' };
  if (heard.status?.state === 'offline') return { state: 'offline', reason: 'site' };
  const limitMs = (offlineAfterSec ?? 3 * (heard.status?.heartbeatSec ?? DEFAULT_HEARTBEAT_SEC)) * 1000;
  if (heard.status === null || heard.lastSeenAt === null || now - heard.lastSeenAt > limitMs)
    return { state: 'offline', reason: 'silent' };
  return { state: 'online', reason: null };
}
