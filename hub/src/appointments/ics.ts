/** iCalendar (RFC 5545) export of a day's appointments of a service (pure). Identities masked only. */
import type { AppointmentView } from '../protocol';

const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Folds a content line at 75 octets (continuation lines start with a space). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const STATUS: Record<AppointmentView['status'], string> = {
  booked: 'CONFIRMED',
  checked_in: 'CONFIRMED',
  no_show: 'CANCELLED',
  cancelled: 'CANCELLED',
};

export function toIcs(
  appointments: readonly AppointmentView[],
  opts: { siteId: string; calendarName: string; now: number },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Callboard//Appointments//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(opts.calendarName)}`,
  ];
  for (const a of appointments) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${a.id}@${opts.siteId}.callboard`,
      `DTSTAMP:${utc(opts.now)}`,
      `DTSTART:${utc(a.start)}`,
      `DTEND:${utc(a.end)}`,
      `SUMMARY:${escapeText(`${a.serviceId} ${a.ref} ${a.nameMasked ?? a.identityMasked}`)}`,
      `DESCRIPTION:${escapeText(`ref ${a.ref}; ${a.identityMasked}; channel ${a.channel}; ${a.status}`)}`,
      `STATUS:${STATUS[a.status]}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
