import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, originOf } from './cross-site';

const own = ['http://hub.local:8080', 'http://192.168.1.10:8080'];

describe('crossSiteRefusal', () => {
  // [method, headers, refused]
  const table: [string, Record<string, string>, boolean][] = [
    ['GET', { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' }, false],
    ['HEAD', { 'sec-fetch-site': 'same-site' }, false],
    ['POST', {}, false], // curl, the bridge, integrations
    ['POST', { 'sec-fetch-site': 'same-origin', origin: 'http://hub.local:8080' }, false],
    ['POST', { 'sec-fetch-site': 'none' }, false],
    ['POST', { origin: 'http://192.168.1.10:8080' }, false],
    ['POST', { origin: 'HTTP://HUB.LOCAL:8080' }, false],
    // a page on another port of the same host is same-site, not same-origin
    ['POST', { 'sec-fetch-site': 'same-site', origin: 'http://hub.local:9999' }, true],
    ['POST', { 'sec-fetch-site': 'cross-site' }, true],
    ['POST', { origin: 'http://hub.local:9999' }, true],
    ['POST', { origin: 'null' }, true],
    ['DELETE', { origin: 'http://evil.example' }, true],
    ['PUT', { 'sec-fetch-site': 'same-site' }, true],
    ['PATCH', { origin: 'https://hub.local:8080' }, true],
  ];
  it.each(table)('%s %j → refused %s', (method, headers, refused) => {
    expect(crossSiteRefusal({ method, headers, ownOrigins: own }) !== null).toBe(refused);
  });

  it('takes a URL’s origin', () => {
    expect(originOf('http://Hub.Local:8080/x?y')).toBe('http://hub.local:8080');
    expect(originOf('https://hub')).toBe('https://hub');
    expect(originOf('not a url')).toBeUndefined();
  });
});
