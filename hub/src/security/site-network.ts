/**
 * Whether an address is on the site's own network (its guest Wi-Fi): the hub cannot see a
 * phone's Wi-Fi, only the address a request comes from, so the site lists its ranges
 * (`visitors.siteNetworks`). Behind a reverse proxy every request comes from the proxy: that is
 * why the public listener never counts as the site network (docs/operations.md).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

function parse(cidr: string): { addr: string; bits: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [addr, bitsText, extra] = cidr.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const family = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : undefined;
  if (!family) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { addr, bits, family };
}

export function isCidr(cidr: string): boolean {
  return parse(cidr) !== undefined;
}

/** A matcher for the site's ranges; IPv4-mapped IPv6 addresses (`::ffff:192.168.1.5`) count as IPv4. */
export function siteNetwork(ranges: readonly string[]): (ip: string | undefined) => boolean {
  const list = new BlockList();
  let any = false;
  for (const r of ranges) {
    const p = parse(r);
    if (!p) continue;
    list.addSubnet(p.addr, p.bits, p.family);
    any = true;
  }
  return (ip) => {
    if (!any || !ip) return false;
    const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
    if (isIPv4(plain)) return list.check(plain, 'ipv4');
    return isIPv6(plain) ? list.check(plain, 'ipv6') : false;
  };
}
