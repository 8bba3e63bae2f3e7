import { describe, expect, it } from 'vitest';
import {
  actingStaff,
  actorOf,
  may,
  mayChoosePriority,
  type Principal,
  type QueueAction,
  type StaffPrincipal,
  skillsOf,
} from './principals';

const clerk: StaffPrincipal = { kind: 'staff', id: 'c1', role: 'clerk', skills: ['A'] };
const supervisor: StaffPrincipal = { kind: 'staff', id: 's1', role: 'supervisor', skills: [] };
const kiosk: Principal = { kind: 'device', id: 'k1', deviceKind: 'kiosk' };
const display: Principal = { kind: 'device', id: 'd1', deviceKind: 'display' };
const unnamed: Principal = { kind: 'device', id: 'x1' };
const pad: Principal = { kind: 'call-pad', deviceId: 'bridge-1', padId: 'pad', counterId: '1' };
const desk: Principal = { kind: 'appointment-desk', via: kiosk };

describe('refusals say which rule refused', () => {
  const cases: [string, Principal, QueueAction, string][] = [
    ['a clerk calling out of turn', clerk, 'call-specific', 'only a supervisor may call a specific ticket out of turn'],
    ['staff rating a visit', supervisor, 'rate-at-counter', 'ratings come from the visitor'],
    ['a clerk asking for a person’s data', clerk, 'person-request', 'only a supervisor may export or erase a person’s data'],
    ['a call pad transferring', pad, 'transfer', 'a call pad cannot transfer'],
    ['a call pad with nobody signed in', pad, 'call-next', 'no clerk signed in at the counter'],
    [
      'a kiosk issuing with an appointment time',
      kiosk,
      'issue-appointment',
      'appointment times come from the appointment book: check the booking in instead',
    ],
    ['a display recording a rating', display, 'rate-at-counter', 'a display does not record ratings'],
    ['a device of no known kind recording a rating', unnamed, 'rate-at-counter', 'a unknown device does not record ratings'],
    ['a display issuing', display, 'issue', 'a display does not issue tickets'],
    ['a display presenting an identity', display, 'present-identity', 'a display does not issue tickets'],
    ['a display choosing a priority', display, 'choose-priority', 'a display does not issue tickets'],
    ['a kiosk calling', kiosk, 'call-next', 'a device may only issue tickets and record ratings'],
    ['the appointment desk calling', desk, 'call-next', 'the appointment desk only checks visitors in'],
    ['the system calling', { kind: 'system' }, 'call-next', 'the system only closes tickets'],
    ['an anonymous caller cancelling', { kind: 'anonymous' }, 'cancel', 'sign in first'],
  ];
  for (const [name, who, action, reason] of cases)
    it(name, () => {
      expect(may(who, action)).toEqual({ ok: false, code: 'FORBIDDEN', reason });
    });

  it('a kiosk choosing a priority where the site gives them at the counter', () => {
    expect(mayChoosePriority(kiosk, false)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'this site gives priority classes at the counter, not at the kiosk',
    });
    expect(mayChoosePriority(kiosk, true)).toEqual({ ok: true });
    expect(mayChoosePriority(clerk, false)).toEqual({ ok: true });
  });
});

describe('who really acts', () => {
  it('the appointment desk acts for the staff member who asked it, with their skills', () => {
    const viaClerk: Principal = { kind: 'appointment-desk', via: clerk };
    expect(actingStaff(viaClerk)).toBe(clerk);
    expect(skillsOf(viaClerk)).toEqual(new Set(['A']));
    expect(actorOf(viaClerk)).toEqual({ type: 'staff', id: 'c1' });
    expect(actingStaff(kiosk)).toBeUndefined();
    expect(actingStaff({ kind: 'anonymous' })).toBeUndefined();
  });

  it('only a clerk’s skills limit the services: a supervisor’s listed skills do not, nobody’s are none', () => {
    expect(skillsOf({ ...supervisor, skills: ['B'] })).toBeUndefined();
    expect(skillsOf({ kind: 'anonymous' })).toBeUndefined();
    expect(skillsOf({ ...clerk, skills: [] })).toBeUndefined();
  });

  it('the system and anonymous callers are recorded as such', () => {
    expect(actorOf({ kind: 'system', id: 'api-key:crm' })).toEqual({ type: 'system', id: 'api-key:crm' });
    expect(actorOf({ kind: 'system' })).toEqual({ type: 'system' });
    expect(actorOf({ kind: 'anonymous' })).toEqual({ type: 'anonymous' });
  });
});
