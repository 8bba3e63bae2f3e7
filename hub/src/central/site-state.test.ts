import { describe, expect, it } from 'vitest';
import { siteState } from './site-state';

const online = { v: 1 as const, state: 'online' as const, at: 0, heartbeatSec: 10 };

describe('a site’s state in the central console', () => {
  it('is online with a recent heartbeat and the bridge up (or not yet reported)', () => {
    expect(siteState({ status: online, lastSeenAt: 1000, bridge: '1' }, 20_000)).toEqual({ state: 'online', reason: null });
    expect(siteState({ status: online, lastSeenAt: 1000, bridge: null }, 31_000)).toEqual({ state: 'online', reason: null });
  });
  it('is offline when its bridge dropped, whatever the last status said', () => {
    expect(siteState({ status: online, lastSeenAt: 1000, bridge: '0' }, 1000)).toEqual({ state: 'offline', reason: 'bridge' });
  });
  it('is offline when the site said so (clean stop or last will)', () => {
    expect(siteState({ status: { v: 1, state: 'offline' }, lastSeenAt: 1000, bridge: '1' }, 1000)).toEqual({
      state: 'offline',
      reason: 'site',
    });
  });
  it('is offline after 3 heartbeats of silence, or the configured limit', () => {
    expect(siteState({ status: online, lastSeenAt: 1000, bridge: '1' }, 31_001)).toEqual({ state: 'offline', reason: 'silent' });
    expect(siteState({ status: online, lastSeenAt: 1000, bridge: '1' }, 6_001, 5)).toEqual({
      state: 'offline',
      reason: 'silent',
    });
    expect(siteState({ status: null, lastSeenAt: null, bridge: '1' }, 0)).toEqual({ state: 'offline', reason: 'silent' });
  });
});
