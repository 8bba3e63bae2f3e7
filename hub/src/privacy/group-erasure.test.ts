import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { groupPseudonym, groupPseudonymOf, protectIdentity } from '../security';
import { uplinkOutboxHolder } from './group-visit-holder';
import { groupPseudonyms } from './person-requests';

const ID = '11010519491231002X';
const KEY = 'group-key-of-the-north-and-south-halls';

describe("a person's group pseudonyms for an erasure", () => {
  it('the number gives the pseudonym its tickets got at issue, whatever the spelling', () => {
    const atIssue = protectIdentity({ kind: 'id-card', value: ID }, 'site-secret', KEY).group;
    expect(groupPseudonymOf({ kind: 'id-card', value: ` ${ID.toLowerCase()} ` }, KEY)).toBe(atIssue);
    expect(groupPseudonymOf({ kind: 'phone', value: '+86 138-0013-8000' }, KEY)).toBe(
      groupPseudonym('phone', '13800138000', KEY),
    );
  });

  it("the number's pseudonym and any other its visits carry (an earlier group key), each once; none outside a group", () => {
    const person = protectIdentity({ kind: 'id-card', value: ID }, 'site-secret', KEY);
    const ticket = (group: string | undefined, hmac = person.hmac) =>
      ({ id: `t-${group}`, identity: { kind: 'id-card', hmac, masked: 'x', ...(group ? { group } : {}) } }) as unknown as Ticket;
    const earlier = groupPseudonym('id-card', ID, 'the-old-group-key');
    expect(
      groupPseudonyms(person, [
        ticket(person.group),
        ticket(earlier),
        ticket(undefined),
        ticket('ffffffffffffffff', 'someone-else'),
      ]),
    ).toEqual([person.group, earlier].sort());
    const { group: _g, ...outside } = person;
    expect(groupPseudonyms(outside, [ticket(undefined)])).toEqual([]);
  });
});

describe('the uplink outbox holder on erasure', () => {
  it("takes the person's visits out of unsent days and queues the erasure for head office", async () => {
    const calls: string[][] = [];
    const dropped: string[][] = [];
    const holder = uplinkOutboxHolder({
      outbox: {
        dropGroupVisitsBefore: async () => 0,
        dropErasuresBefore: async () => 0,
        dropGroupVisitsOf: async (g) => {
          dropped.push([...g]);
          return 2;
        },
      },
      headOffice: {
        queueErasure: async (g) => {
          calls.push([...g]);
          return true;
        },
      },
    });
    expect(await holder.erase?.('hmac', ['a1b2c3d4e5f60718'])).toEqual({ days: 2, erasures: 1 });
    expect(dropped).toEqual([['a1b2c3d4e5f60718']]);
    expect(calls).toEqual([['a1b2c3d4e5f60718']]);
    // Outside a group there is nothing to send.
    expect(await holder.erase?.('hmac', [])).toEqual({ days: 0, erasures: 0 });
    expect(calls).toHaveLength(1);
  });
});
