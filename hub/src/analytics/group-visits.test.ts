import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { protectIdentity } from '../security/identity';
import { summariseDay } from './day-summary';
import { DAILY_WIRE_LIMIT, dailyFromWire, dailyWireMessage } from './group-visits';
import { DAY, tk } from './test-fixtures';

const ID = '11010519491231002X';
const GROUP_KEY = 'group-key-of-the-east-region-0001';

describe('group visits (cross-site repeat visits)', () => {
  it('one person: a different hash at each site, the same group pseudonym; none without a group key', () => {
    const north = protectIdentity({ kind: 'id-card', value: ID }, 'north-site-secret-0001', GROUP_KEY);
    const south = protectIdentity({ kind: 'id-card', value: ID.toLowerCase() }, 'south-site-secret-0002', GROUP_KEY);
    expect(north.hmac).not.toBe(south.hmac);
    expect(north.group).toMatch(/^[0-9a-f]{16}$/);
    expect(north.group).toBe(south.group);
    expect(north.hmac.startsWith(north.group as string)).toBe(false);
    expect(
      protectIdentity({ kind: 'id-card', value: ID }, 'north-site-secret-0001', 'another-group-key-0000000000000000').group,
    ).not.toBe(north.group);
    expect('group' in protectIdentity({ kind: 'id-card', value: ID }, 'north-site-secret-0001')).toBe(false);
  });

  it('the day’s row carries only grouped visits, under the pseudonym, with nothing else of the person', () => {
    const identity = protectIdentity({ kind: 'id-card', value: ID }, 'north-site-secret-0001', GROUP_KEY);
    const grouped = {
      ...tk({ id: 't1', issued: '09:00', called: '09:05', started: '09:06', finished: '09:15', staff: 's1' }),
      identity,
    };
    const plain = tk({ id: 't2', issued: '09:10', called: '09:20', finished: '09:30', identity: 'abcdef0123456789' });
    const row = summariseDay(DAY, [grouped, plain], Date.now());
    expect(row.groupVisits).toEqual([[identity.group, 'id-card', 'A', 'A', grouped.issuedAt, expect.any(Number), 'done', 's1']]);
    const text = JSON.stringify(row.groupVisits);
    for (const secret of [identity.hmac, identity.masked, ID, grouped.number]) expect(text).not.toContain(secret);
    expect('groupVisits' in summariseDay(DAY, [plain], Date.now())).toBe(false);
  });
});

describe('a day with its group visits on the wire', () => {
  const day = (n: number) => ({
    _id: '2026-11-30',
    issued: n,
    groupVisits: Array.from({ length: n }, (_, i) => [
      createHash('sha256').update(`person-${i}`).digest('hex').slice(0, 16),
      'id-card',
      'A',
      'B',
      1_764_460_800_000 + i * 4000,
      1_764_460_800_000 + i * 4000 + 600_000,
      'done',
      `s${i % 40}`,
    ]),
  });

  it('goes gzip’d, and head office gets back the day as the site stored it', () => {
    const body = day(8_000);
    const wire = dailyWireMessage(body);
    // Random pseudonyms, as real ones are: about 25 bytes a visit.
    expect(wire.length).toBeLessThanOrEqual(DAILY_WIRE_LIMIT);
    const { v, ...stats } = JSON.parse(wire);
    expect(v).toBe(1);
    expect(stats.groupVisits).toBeUndefined();
    expect(dailyFromWire(stats)).toEqual(body);
  });

  it('a day too big for one message goes without its visits, saying how many, rather than never', () => {
    const { v: _v, ...stats } = JSON.parse(dailyWireMessage(day(60_000)));
    expect(stats).toEqual({ _id: '2026-11-30', issued: 60_000, groupVisitsDropped: 60_000 });
  });

  it('a day without visits is unchanged, and unreadable visits are left out', () => {
    expect(JSON.parse(dailyWireMessage({ _id: '2026-11-30', issued: 3 }))).toEqual({ _id: '2026-11-30', issued: 3, v: 1 });
    expect(dailyFromWire({ _id: '2026-11-30', groupVisitsGz: 'not gzip' })).toEqual({ _id: '2026-11-30' });
  });
});
