import { describe, expect, it } from 'vitest';
import { localToEpoch } from '../time';
import { closes, generateSlots, parseSlotId, type SlotBook, slotId, slotsAhead } from './slots';

const SH = 'Asia/Shanghai';
const sh = (isoLocal: string) => Date.parse(`${isoLocal}+08:00`);
// 2026-03-02 is a Monday.
const book: SlotBook = {
  schedules: [
    { serviceId: 'C', weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '10:00', slotMin: 15, capacity: 3 }] },
    {
      serviceId: 'C',
      staff: 'clerk2',
      weekly: [{ days: [1], from: '14:00', to: '15:00', slotMin: 30, capacity: 1 }],
    },
  ],
  holidays: ['2026-03-04'],
  exceptions: [
    { date: '2026-03-03', from: '09:30', to: '10:00', reason: 'training' },
    { date: '2026-03-09', staff: 'clerk2', reason: 'clerk2 absent' },
  ],
  extraSlots: [
    { serviceId: 'C', date: '2026-03-04', time: '16:00', durationMin: 20, capacity: 2 },
    { serviceId: 'C', date: '2026-03-02', time: '09:00', durationMin: 15, capacity: 2 },
  ],
};

describe('localToEpoch', () => {
  it('turns a site wall-clock time into an instant', () => {
    expect(localToEpoch('2026-03-02', 9 * 60, SH)).toBe(sh('2026-03-02T09:00:00'));
    // Across a DST change: Berlin on 2026-03-29 jumps from 02:00 to 03:00 (UTC+1 → UTC+2).
    expect(localToEpoch('2026-03-29', 12 * 60, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T12:00:00+02:00'));
    expect(localToEpoch('2026-03-28', 12 * 60, 'Europe/Berlin')).toBe(Date.parse('2026-03-28T12:00:00+01:00'));
  });
});

describe('generateSlots', () => {
  it('cuts the weekly template into slots with capacity, and adds a clerk’s own slots', () => {
    const slots = generateSlots(book, 'C', '2026-03-02', SH);
    expect(slots.map((s) => `${s.time}${s.resource ? ` ${s.resource}` : ''} ×${s.capacity}`)).toEqual([
      '09:00 ×5', // 3 from the template + 2 from the extra slot at the same id
      '09:15 ×3',
      '09:30 ×3',
      '09:45 ×3',
      '14:00 staff:clerk2 ×1',
      '14:30 staff:clerk2 ×1',
    ]);
    const first = slots[0];
    expect(first).toMatchObject({
      id: 'C@2026-03-02T09:00',
      start: sh('2026-03-02T09:00:00'),
      end: sh('2026-03-02T09:15:00'),
    });
  });

  it('no slots on weekends, holidays keep only extra slots, exceptions remove what they overlap', () => {
    expect(generateSlots(book, 'C', '2026-03-07', SH)).toEqual([]);
    expect(generateSlots(book, 'C', '2026-03-04', SH).map((s) => [s.time, s.extra])).toEqual([['16:00', true]]);
    expect(generateSlots(book, 'C', '2026-03-03', SH).map((s) => s.time)).toEqual(['09:00', '09:15']);
    // Monday 2026-03-09: clerk2 is absent, the service-wide slots stay.
    const monday = generateSlots(book, 'C', '2026-03-09', SH);
    expect(monday.every((s) => s.resource === undefined)).toBe(true);
    expect(monday).toHaveLength(4);
    expect(generateSlots(book, 'A', '2026-03-02', SH)).toEqual([]);
  });

  it('closures (suspensions) remove the slots they overlap, of the resource they name', () => {
    const clerkOut = { serviceId: 'C', resource: 'staff:clerk2', from: sh('2026-03-02T00:00:00'), to: sh('2026-03-03T00:00:00') };
    expect(generateSlots(book, 'C', '2026-03-02', SH, [clerkOut]).map((s) => s.time)).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '09:45',
    ]);
    const morning = { serviceId: 'C', from: sh('2026-03-02T09:10:00'), to: sh('2026-03-02T09:30:00') };
    // 09:00–09:15 and 09:15–09:30 overlap 09:10–09:30.
    expect(generateSlots(book, 'C', '2026-03-02', SH, [morning]).map((s) => s.time)).toEqual([
      '09:30',
      '09:45',
      '14:00',
      '14:30',
    ]);
    const slot = { serviceId: 'C', start: sh('2026-03-02T09:30:00'), end: sh('2026-03-02T09:45:00') };
    expect(closes(morning, slot)).toBe(false); // touching at the edge is not overlapping
  });

  it('slot ids round-trip, and slotsAhead spans days', () => {
    expect(parseSlotId(slotId('C', '2026-03-02', '14:00', 'staff:clerk2'))).toEqual({
      serviceId: 'C',
      date: '2026-03-02',
      time: '14:00',
      resource: 'staff:clerk2',
    });
    expect(parseSlotId('C@2026-02-30T09:00')).toBeUndefined();
    expect(parseSlotId('nonsense')).toBeUndefined();
    const ahead = slotsAhead(book, 'C', '2026-03-06', 3, SH); // Fri, Sat, Sun, Mon
    expect(new Set(ahead.map((s) => s.date))).toEqual(new Set(['2026-03-06', '2026-03-09']));
  });
});
