import { describe, expect, it } from 'vitest';
import { isCidr, siteNetwork } from './site-network';

describe('site network ranges', () => {
  it('matches IPv4 and IPv6 ranges, IPv4-mapped addresses as IPv4, and nothing when none is set', () => {
    const on = siteNetwork(['192.168.1.0/24', 'fd00::/8', '10.0.0.5']);
    expect(on('192.168.1.77')).toBe(true);
    expect(on('::ffff:192.168.1.77')).toBe(true);
    expect(on('192.168.2.1')).toBe(false);
    expect(on('fd12::1')).toBe(true);
    expect(on('10.0.0.5')).toBe(true);
    expect(on('10.0.0.6')).toBe(false);
    expect(on(undefined)).toBe(false);
    expect(on('not an address')).toBe(false);
    expect(siteNetwork([])('192.168.1.1')).toBe(false);
  });

  it('tells a range from a typo', () => {
    expect(isCidr('192.168.1.0/24')).toBe(true);
    expect(isCidr('192.168.1.0/33')).toBe(false);
    expect(isCidr('192.168.1/24')).toBe(false);
    expect(isCidr('fd00::/129')).toBe(false);
  });
});
