import { describe, expect, it } from 'vitest';
import type { Actor } from '../protocol';
import { atDoor, callIn, callStep, callToDoor, doorOrder, inLine } from './door';
import { callTicket, cancelTicket } from './state-machine';
import { errorOf } from './test-errors';
import { MIN, T0, waiting } from './test-tickets';

const clerk: Actor = { type: 'staff', id: 'doc-1' };
const at = T0 + 10 * MIN;

describe('two-step calling in the queue core', () => {
  it('to the door: still waiting, out of the line, with the room, the time and an event', () => {
    const t = waiting({ arrive: 0 });
    const d = callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    expect(d.status).toBe('waiting');
    expect(d.door).toEqual({ counterId: '3', at });
    expect(atDoor(d)).toBe(true);
    expect(inLine(d)).toBe(false);
    expect(inLine(t)).toBe(true);
    expect(d.events.at(-1)).toEqual({ type: 'door_called', at, by: clerk, counterId: '3' });
    expect(t.door).toBeUndefined(); // input untouched
  });

  it('the door holds at most doorSize visitors', () => {
    const t = waiting({ arrive: 0 });
    expect(() => callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 2, doorSize: 2 })).toThrow(
      expect.objectContaining({ code: 'DOOR_FULL' }),
    );
    expect(callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 1, doorSize: 2 }).door?.counterId).toBe('3');
  });

  it('a ticket at a door, or not waiting, cannot be called to a door', () => {
    const d = callToDoor(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    expect(() => callToDoor(d, { counterId: '4', by: clerk, at, doorCount: 0, doorSize: 2 })).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    const gone = cancelTicket(waiting({ arrive: 0 }), { by: clerk, at });
    expect(() => callToDoor(gone, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 })).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
  });

  it('call in: the ordinary call at that room, the door cleared', () => {
    const d = callToDoor(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    const c = callIn(d, { counterId: '3', staffId: 'doc-1', by: clerk, at: at + MIN });
    expect(c.status).toBe('called');
    expect(c.counterId).toBe('3');
    expect(c.staffId).toBe('doc-1');
    expect(c.door).toBeUndefined();
    expect(c.events.map((e) => e.type)).toEqual(['issued', 'door_called', 'called']);
    expect(c.events.at(-1)?.at).toBe(at + MIN);
  });

  it('call in only at the room whose door the visitor waits at, and only from the door', () => {
    const d = callToDoor(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    expect(() => callIn(d, { counterId: '4', by: clerk, at })).toThrow(expect.objectContaining({ code: 'NOT_AT_DOOR' }));
    expect(() => callIn(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at })).toThrow(
      expect.objectContaining({ code: 'NOT_AT_DOOR' }),
    );
    const left = cancelTicket(d, { by: clerk, at });
    expect(() => callIn(left, { counterId: '3', by: clerk, at })).toThrow(expect.objectContaining({ code: 'NOT_AT_DOOR' }));
  });

  it('the door list is in the order visitors were called to it', () => {
    const a = callToDoor(waiting({ arrive: 5 }), { counterId: '3', by: clerk, at: at + 2 * MIN, doorCount: 0, doorSize: 3 });
    const b = callToDoor(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at, doorCount: 1, doorSize: 3 });
    expect(doorOrder([a, b]).map((t) => t.id)).toEqual([b.id, a.id]);
  });

  it('a waiting ticket without a door is in the line, not at a door; a called one is in neither', () => {
    const t = waiting({ arrive: 0 });
    expect(atDoor(t)).toBe(false);
    expect(inLine(t)).toBe(true);
    const called = callTicket(t, { counterId: '3', by: clerk, at });
    expect(atDoor(called)).toBe(false);
    expect(inLine(called)).toBe(false);
  });

  it('refusals say why, with the ticket, the room and the door size', () => {
    const t = waiting({ arrive: 0 });
    const d = callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    expect(errorOf(() => callToDoor(d, { counterId: '4', by: clerk, at, doorCount: 0, doorSize: 2 }))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `cannot call ticket ${t.number} to a door: it is already at the door of 3`,
      details: { from: 'waiting', action: 'call_to_door', ticketId: t.id },
    });
    const gone = cancelTicket(waiting({ arrive: 0 }), { by: clerk, at });
    expect(errorOf(() => callToDoor(gone, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 }))).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: `cannot call ticket ${gone.number} to a door: it is cancelled`,
      details: { from: 'cancelled', action: 'call_to_door', ticketId: gone.id },
    });
    expect(errorOf(() => callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 2, doorSize: 2 }))).toEqual({
      code: 'DOOR_FULL',
      message: 'the door of 3 holds 2: call one of them in first',
      details: { counterId: '3', doorSize: 2 },
    });
    expect(errorOf(() => callIn(d, { counterId: '4', by: clerk, at }))).toEqual({
      code: 'NOT_AT_DOOR',
      message: `ticket ${t.number} is not waiting at the door of 4`,
      details: { ticketId: t.id, counterId: '4' },
    });
  });

  it('the door list follows the door calls, not the line order; the same millisecond keeps the line order', () => {
    const first = waiting({ arrive: 0 });
    const second = waiting({ arrive: 5 });
    const later = callToDoor(first, { counterId: '3', by: clerk, at: at + 2 * MIN, doorCount: 1, doorSize: 3 });
    const sooner = callToDoor(second, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 3 });
    expect(doorOrder([later, sooner]).map((t) => t.id)).toEqual([second.id, first.id]);
    const a = callToDoor(waiting({ arrive: 0 }), { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 3 });
    const b = callToDoor(waiting({ arrive: 1 }), { counterId: '3', by: clerk, at, doorCount: 1, doorSize: 3 });
    expect(doorOrder([b, a]).map((t) => t.id)).toEqual([a.id, b.id]);
    expect(doorOrder([a, b]).map((t) => t.id)).toEqual([a.id, b.id]);
  });

  it('what a call announces: the door while at it, "in" once called in after it, nothing for a one-step call', () => {
    const t = waiting({ arrive: 0 });
    expect(callStep(t)).toBeUndefined();
    const d = callToDoor(t, { counterId: '3', by: clerk, at, doorCount: 0, doorSize: 2 });
    expect(callStep(d)).toBe('door');
    expect(callStep(callIn(d, { counterId: '3', by: clerk, at: at + MIN }))).toBe('in');
    expect(callStep(callTicket(t, { counterId: '3', by: clerk, at }))).toBeUndefined();
  });
});
