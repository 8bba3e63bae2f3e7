import { describe, expect, it } from 'vitest';
import type { AppointmentView } from '../protocol';
import { toIcs } from './ics';

const appt = (over: Partial<AppointmentView>): AppointmentView => ({
  id: 'a1',
  ref: 'K7MXR3TA',
  qr: 'CBA1:K7MXR3TA',
  serviceId: 'C',
  slotId: 'C@2026-03-02T09:30',
  date: '2026-03-02',
  time: '09:30',
  start: Date.parse('2026-03-02T09:30:00+08:00'),
  end: Date.parse('2026-03-02T10:00:00+08:00'),
  status: 'booked',
  channel: 'phone',
  identityKind: 'phone',
  identityMasked: '139****0001',
  createdAt: 0,
  history: [],
  ...over,
});

describe('toIcs', () => {
  it('one VEVENT per appointment, UTC times, masked identity, escaped text, CRLF lines', () => {
    const text = toIcs([appt({}), appt({ id: 'a2', status: 'cancelled', nameMasked: '李*' })], {
      siteId: 'demo',
      calendarName: 'C, 2026-03-02; ID & permits',
      now: Date.UTC(2026, 2, 1),
    });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('X-WR-CALNAME:C\\, 2026-03-02\\; ID & permits\r\n');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('DTSTART:20260302T013000Z\r\nDTEND:20260302T020000Z\r\n');
    expect(text).toContain('UID:a1@demo.callboard');
    expect(text).toContain('SUMMARY:C K7MXR3TA 139****0001');
    expect(text).toContain('SUMMARY:C K7MXR3TA 李*');
    expect(text).toContain('STATUS:CANCELLED');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const text = toIcs([], { siteId: 'demo', calendarName: '证件办理'.repeat(10), now: 0 });
    const folded = text.split('\r\n').filter((l) => l.startsWith(' '));
    expect(folded.length).toBeGreaterThan(0);
    expect(text.replace(/\r\n /g, '')).toContain(`X-WR-CALNAME:${'证件办理'.repeat(10)}`);
  });
});
