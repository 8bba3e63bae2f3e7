import type { CounterMessage } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { roomView } from './room-view';

const base: CounterMessage = { v: 1, id: '5', name: { zh: '3诊室', en: 'Room 3' }, state: 'open', current: null, at: 0 };
const door = (n: number) => ({ number: `C00${n}`, serviceId: 'C', at: n });

describe('room screen view', () => {
  it('current in the room, next two at the door, the rest counted, the doctor', () => {
    const v = roomView({
      ...base,
      current: { number: 'C001', serviceId: 'C', status: 'called', name: '张*丰' },
      door: [door(2), door(3), door(4)],
      staffName: '李二',
    });
    expect(v.current).toMatchObject({ number: 'C001', name: '张*丰' });
    expect(v.next.map((d) => d.number)).toEqual(['C002', 'C003']);
    expect(v.more).toBe(1);
    expect(v.doctor).toBe('李二');
  });

  it('a finished visit is nobody in the room; no door list and no doctor is shown as such', () => {
    const v = roomView({ ...base, current: { number: 'C001', serviceId: 'C', status: 'done' } });
    expect(v).toMatchObject({ current: null, next: [], more: 0, doctor: null });
  });
});
