import { describe, expect, it } from 'vitest';
import { dueReminders, type ReminderAppointment, Reminders, reminderKey } from './reminders';

const at = (local: string) => Date.parse(`${local}:00+08:00`);
const settings = { dayBeforeAt: '18:00', minutesBefore: 30, timezone: 'Asia/Shanghai' };
const appt = (over: Partial<ReminderAppointment> = {}): ReminderAppointment => ({
  _id: 'a1',
  serviceId: 'C',
  date: '2027-03-03',
  time: '09:30',
  start: at('2027-03-03T09:30'),
  createdAt: at('2027-03-01T10:00'),
  lang: 'zh',
  visitToken: 'tok-0123456789abcdef',
  ...over,
});

describe('dueReminders', () => {
  it('the day before from 18:00 site time until the short one is due; the short one until the slot starts', () => {
    expect(dueReminders(appt(), at('2027-03-02T17:59'), settings)).toEqual([]);
    expect(dueReminders(appt(), at('2027-03-02T18:00'), settings)).toEqual(['day-before']);
    expect(dueReminders(appt(), at('2027-03-03T08:59'), settings)).toEqual(['day-before']);
    expect(dueReminders(appt(), at('2027-03-03T09:00'), settings)).toEqual(['soon']);
    expect(dueReminders(appt(), at('2027-03-03T09:30'), settings)).toEqual([]);
  });

  it('never one already sent for this start; a moved appointment gets its own', () => {
    const sent = appt({ reminded: [reminderKey('day-before', at('2027-03-03T09:30'))] });
    expect(dueReminders(sent, at('2027-03-02T19:00'), settings)).toEqual([]);
    expect(dueReminders(sent, at('2027-03-03T09:05'), settings)).toEqual(['soon']);
    const moved = { ...sent, start: at('2027-03-03T10:30'), time: '10:30' };
    expect(dueReminders(moved, at('2027-03-02T19:00'), settings)).toEqual(['day-before']);
  });

  it('not for a booking made after the reminder’s moment', () => {
    const late = appt({ createdAt: at('2027-03-02T20:00') });
    expect(dueReminders(late, at('2027-03-02T20:01'), settings)).toEqual([]);
    expect(dueReminders(late, at('2027-03-03T09:00'), settings)).toEqual(['soon']);
    expect(dueReminders(appt({ createdAt: at('2027-03-03T09:10') }), at('2027-03-03T09:11'), settings)).toEqual([]);
  });
});

describe('Reminders.check', () => {
  it('queues each due reminder once, only after the book recorded it, with the link and the service name', async () => {
    const a = appt();
    const sent: { purpose: string; vars: Record<string, unknown>; about?: string }[] = [];
    const book = {
      withPhones: () => [a],
      noteReminder: async (_id: string, key: string) => {
        if (a.reminded?.includes(key)) return false;
        a.reminded = [...(a.reminded ?? []), key];
        return true;
      },
    };
    let now = at('2027-03-02T18:00');
    const r = new Reminders({
      book,
      outbox: { send: (req) => (sent.push(req as never), { id: String(sent.length) }) },
      phones: { has: (ref) => ref === 'appointment:a1' },
      settings,
      now: () => now,
      link: (t) => `http://hub/b/${t}`,
      serviceName: (id, lang) => `${id}-${lang}`,
      log: { warn: () => undefined },
    });
    expect(await r.check()).toBe(1);
    expect(await r.check()).toBe(0);
    now = at('2027-03-03T09:00');
    expect(await r.check()).toBe(1);
    expect(sent.map((s) => s.purpose)).toEqual(['reminder-day-before', 'reminder-soon']);
    expect(sent[0]).toMatchObject({
      about: 'appointment:a1',
      vars: { time: '09:30', service: 'C-zh', link: 'http://hub/b/tok-0123456789abcdef' },
    });
  });
});
