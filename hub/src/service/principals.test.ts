import { describe, expect, it } from 'vitest';
import {
  actingStaff,
  actorOf,
  may,
  mayChoosePriority,
  mayWorkAt,
  type Principal,
  QUEUE_ACTIONS,
  type StaffPrincipal,
  skillsOf,
  ticketSourceFor,
} from './principals';

const clerk: StaffPrincipal = { kind: 'staff', id: 'c1', role: 'clerk', skills: ['A'] };
const supervisor: StaffPrincipal = { kind: 'staff', id: 's1', role: 'supervisor', skills: [] };
const admin: StaffPrincipal = { kind: 'staff', id: 'a1', role: 'admin', skills: [] };
const pad = { kind: 'call-pad', deviceId: 'bridge-1', padId: 'pad', counterId: '1' } as const;
const WHO: Record<string, Principal> = {
  clerk,
  supervisor,
  admin,
  kiosk: { kind: 'device', id: 'k1', deviceKind: 'kiosk' },
  bridge: { kind: 'device', id: 'b1', deviceKind: 'bridge' },
  display: { kind: 'device', id: 'd1', deviceKind: 'display' },
  'pad (clerk)': { ...pad, for: clerk },
  'pad (supervisor)': { ...pad, for: supervisor },
  'pad (nobody)': pad,
  'desk (kiosk)': { kind: 'appointment-desk', via: { kind: 'device', id: 'k1' } },
  'desk (api key)': { kind: 'appointment-desk', via: { kind: 'system', id: 'api-key:crm' } },
  system: { kind: 'system' },
  anonymous: { kind: 'anonymous' },
};

// Who may do what (1 = allowed, . = refused); columns in the order of QUEUE_ACTIONS:
//  issue, issue-appointment, operate-counter, call-next, call-specific, recall, start, finish,
//  no-show, cancel, transfer, requeue, rate-at-counter, present-identity, choose-priority, person-request
const TABLE: [string, string][] = [
  ['clerk', '1 1 1 1 . 1 1 1 1 1 1 1 . 1 1 .'],
  ['supervisor', '1 1 1 1 1 1 1 1 1 1 1 1 . 1 1 1'],
  ['admin', '1 1 1 1 1 1 1 1 1 1 1 1 . 1 1 1'],
  ['kiosk', '1 . . . . . . . . . . . . 1 1 .'],
  ['bridge', '1 . . . . . . . . . . . 1 1 1 .'],
  ['display', '. . . . . . . . . . . . . . . .'],
  ['pad (clerk)', '. . . 1 . 1 1 1 . . . . 1 . . .'],
  ['pad (supervisor)', '. . . 1 . 1 1 1 . . . . 1 . . .'],
  ['pad (nobody)', '. . . . . . . . . . . . 1 . . .'],
  ['desk (kiosk)', '1 1 . . . . . . . . . . . 1 . .'],
  ['desk (api key)', '1 1 . . . . . . . . . . . 1 . .'],
  ['system', '. . . . . . . . 1 1 . . . . . .'],
  ['anonymous', '1 . . . . . . . . . . . . . . .'],
];

describe('who may do what with the queue', () => {
  for (const [name, row] of TABLE) {
    const expected = row.trim().split(/\s+/);
    it(`${name}`, () => {
      expect(expected).toHaveLength(QUEUE_ACTIONS.length);
      const got = QUEUE_ACTIONS.map((a) => (may(WHO[name] as Principal, a).ok ? '1' : '.'));
      expect(got).toEqual(expected);
    });
  }

  it('a priority class: staff always, a kiosk only where the site lets visitors declare it, nobody else', () => {
    const kiosk = WHO.kiosk as Principal;
    expect(mayChoosePriority(clerk, false).ok).toBe(true);
    expect(mayChoosePriority({ ...pad, for: supervisor }, true).ok).toBe(false);
    expect(mayChoosePriority(kiosk, false)).toMatchObject({ ok: false, reason: expect.stringMatching(/counter/) });
    expect(mayChoosePriority(kiosk, true).ok).toBe(true);
    expect(mayChoosePriority(WHO.display as Principal, true).ok).toBe(false);
    expect(mayChoosePriority({ kind: 'anonymous' }, true).ok).toBe(false);
  });

  it('says why it refuses', () => {
    expect(may(clerk, 'call-specific')).toEqual({ ok: false, code: 'FORBIDDEN', reason: expect.stringMatching(/supervisor/) });
    expect(may(clerk, 'person-request')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      reason: expect.stringMatching(/only a supervisor may export or erase/),
    });
    expect(may(pad, 'call-next')).toMatchObject({ ok: false, reason: 'no clerk signed in at the counter' });
    expect(may({ ...pad, for: supervisor }, 'cancel')).toMatchObject({ ok: false, reason: 'a call pad cannot cancel' });
  });
});

describe('who really acts', () => {
  it('a call pad acts for the staff member signed in at its counter, with their own role and skills', () => {
    expect(actingStaff({ ...pad, for: supervisor })).toBe(supervisor);
    expect(actorOf({ ...pad, for: supervisor })).toEqual({ type: 'staff', id: 's1' });
    expect(skillsOf({ ...pad, for: supervisor })).toBeUndefined();
    expect(skillsOf({ ...pad, for: clerk })).toEqual(new Set(['A']));
    // On its own it is the device.
    expect(actingStaff(pad)).toBeUndefined();
    expect(actorOf(pad)).toEqual({ type: 'device', id: 'bridge-1' });
  });

  it('the appointment desk records whoever asked it, and makes nobody staff', () => {
    const desk: Principal = { kind: 'appointment-desk', via: { kind: 'device', id: 'k1' } };
    expect(actorOf(desk)).toEqual({ type: 'device', id: 'k1' });
    expect(actingStaff(desk)).toBeUndefined();
    expect(actorOf({ kind: 'appointment-desk', via: clerk })).toEqual({ type: 'staff', id: 'c1' });
    expect(ticketSourceFor(desk, undefined, true)).toBe('appointment');
  });

  it('ticket sources: staff choose, devices are kiosks, anonymous callers are kiosk pages or API clients', () => {
    expect(ticketSourceFor(clerk, undefined, false)).toBe('staff');
    expect(ticketSourceFor(clerk, undefined, true)).toBe('appointment');
    expect(ticketSourceFor(WHO.kiosk as Principal, 'staff', false)).toBe('kiosk');
    expect(ticketSourceFor({ kind: 'anonymous' }, 'staff', false)).toBe('api');
    expect(ticketSourceFor({ kind: 'anonymous' }, 'kiosk', false)).toBe('kiosk');
  });

  it('a clerk works only at counters serving one of their skills; supervisors anywhere; devices nowhere', () => {
    const servesB = [{ serviceId: 'B', weight: 1 }];
    const servesAB = [...servesB, { serviceId: 'A', weight: 1 }];
    expect(mayWorkAt(clerk, servesB)).toBe(false);
    expect(mayWorkAt(clerk, servesAB)).toBe(true);
    expect(mayWorkAt({ ...clerk, skills: [] }, servesB)).toBe(true);
    expect(mayWorkAt(supervisor, servesB)).toBe(true);
    expect(mayWorkAt(WHO.kiosk as Principal, servesAB)).toBe(false);
    expect(mayWorkAt(pad, servesAB)).toBe(false);
  });
});
