import { describe, expect, it } from 'vitest';
import type { Actor } from '../protocol';
import { atDoor, callIn, callToDoor, doorOrder, inLine } from './door';
import { cancelTicket } from './state-machine';
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
});
