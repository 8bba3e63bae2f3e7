import { describe, expect, it } from 'vitest';
import { crossSiteRepeats } from './cross-site-repeats';
import type { GroupVisit } from './group-visits';

const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00Z`);
const D1 = '2026-11-24';
const D2 = '2026-11-25';
const served = (person: string, date: string, from: string, to: string, staff = 's1'): GroupVisit => [
  person,
  'id-card',
  'A',
  'A',
  at(date, from),
  at(date, to),
  'done',
  staff,
];

describe('cross-site repeat visits', () => {
  const days = [
    // P is served in the north, then comes to the south that afternoon: a cross-site repeat.
    // Q comes back to the north the next day: a same-site repeat. R is seen once in the south.
    {
      siteId: 'north',
      date: D1,
      visits: [served('p000000000000001', D1, '09:00', '09:10'), served('q000000000000002', D1, '10:00', '10:20')],
    },
    {
      siteId: 'south',
      date: D1,
      visits: [served('p000000000000001', D1, '14:00', '14:30', 's9'), served('r000000000000003', D1, '11:00', '11:05')],
    },
    { siteId: 'north', date: D2, visits: [served('q000000000000002', D2, '09:00', '09:30')] },
    // A site in no group sends its days without visits.
    { siteId: 'west', date: D1 },
  ];

  it('counts a person served at one site and back at another within the window as a cross-site repeat', () => {
    const r = crossSiteRepeats({ days, from: D1, to: D2, windowHours: 72 });
    expect(r.sites).toEqual([
      {
        siteId: 'north',
        servedVisits: 3,
        repeated: 2,
        repeatRate: 2 / 3,
        repeatedSameSite: 1,
        repeatedOtherSite: 1,
        otherSiteRate: 1 / 3,
      },
      {
        siteId: 'south',
        servedVisits: 2,
        repeated: 0,
        repeatRate: 0,
        repeatedSameSite: 0,
        repeatedOtherSite: 0,
        otherSiteRate: 0,
      },
      {
        siteId: 'west',
        servedVisits: 0,
        repeated: 0,
        repeatRate: null,
        repeatedSameSite: 0,
        repeatedOtherSite: 0,
        otherSiteRate: null,
      },
    ]);
    expect(r.siteFlow).toEqual([
      { fromSiteId: 'north', toSiteId: 'north', count: 1 },
      { fromSiteId: 'north', toSiteId: 'south', count: 1 },
    ]);
    expect(r.sitesWithoutVisits).toEqual(['west']);
    // The site report's tables across sites: the same totals, clerks named by site.
    expect(r.overall).toMatchObject({ visits: 5, servedVisits: 5, repeated: 2 });
    expect(r.byClerkService.map((x) => x.staffId)).toEqual(['north:s1', 'south:s1', 'south:s9']);
    expect(r.days).toEqual([D1, D2]);
  });

  it('outside the window, no repeat; one site alone sees no cross-site repeat and keeps its clerk ids', () => {
    const short = crossSiteRepeats({ days, from: D1, to: D2, windowHours: 2 });
    expect(short.siteFlow).toEqual([]);
    const north = crossSiteRepeats({ days, from: D1, to: D2, windowHours: 72, site: 'north' });
    expect(north.sites.map((s) => [s.siteId, s.repeatedSameSite, s.repeatedOtherSite])).toEqual([['north', 1, 0]]);
    expect(north.overall).toMatchObject({ servedVisits: 3, repeated: 1 });
    expect(north.byClerkService.map((x) => x.staffId)).toEqual(['s1']);
  });

  it('a next visit that arrived while the served visit was still at the counter does not count', () => {
    const overlap = [
      { siteId: 'north', date: D1, visits: [served('p000000000000001', D1, '09:00', '09:30')] },
      { siteId: 'south', date: D1, visits: [served('p000000000000001', D1, '09:20', '09:40')] },
    ];
    expect(crossSiteRepeats({ days: overlap, from: D1, to: D1, windowHours: 72 }).siteFlow).toEqual([]);
  });
});
