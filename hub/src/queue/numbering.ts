/**
 * Ticket numbers and business-day arithmetic. A number is prefix + zero-padded sequence
 * ("A023"); sequences are per service per business day and never reused (ARCHITECTURE.md §3),
 * so the caller persists the last issued seq and we only ever move forward from it.
 */
import { CallboardError } from '../protocol';

/** Width of the numeric part: at least 3 ("A001"), more when the range needs it ("A0001" for 1–9999). */
export function numberWidth(range: readonly [number, number]): number {
  return Math.max(3, String(range[1]).length);
}

export function formatNumber(prefix: string, seq: number, width: number): string {
  return prefix + String(seq).padStart(width, '0');
}

/**
 * Next sequence after `lastSeq` (undefined = nothing issued today). Gaps are fine — a crash
 * between reserving and printing may lose a number — but going back is not: a number that was
 * handed out (even on a ticket that was never printed) must never name a second visitor.
 */
export function nextSeq(lastSeq: number | undefined, range: readonly [number, number], serviceId: string): number {
  const [first, last] = range;
  const seq = lastSeq === undefined ? first : Math.max(lastSeq + 1, first);
  if (seq > last) {
    throw new CallboardError(
      'NUMBER_RANGE_EXHAUSTED',
      `service ${serviceId} has used its whole number range ${first}–${last} for today`,
      { serviceId, range: [first, last], lastSeq },
    );
  }
  return seq;
}

interface LocalParts {
  year: string;
  month: string;
  day: string;
  minutes: number;
  weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building an Intl.DateTimeFormat is expensive (tens of µs) and these run on every issue/call
// and board refresh. The cache only memoises a pure constructor, so results never depend on it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  // Stryker disable next-line ConditionalExpression: equivalent, rebuilding the same formatter gives the same answers
  if (f === undefined) {
    // en-US + gregory + latn pins the part values to ASCII digits and English weekday names
    // whatever the host's default locale; h23 avoids the "24:00" midnight of some hourCycles.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The last answer per zone, by minute: every modern offset is a whole number of minutes, so the
 * local date and time cannot change inside a minute. Saves an Intl formatToParts on each of the
 * several calls a ticket issue makes (a cache, not state: results are the same with or without).
 */
const lastParts = new Map<string, { minute: number; parts: LocalParts }>();

// Stryker disable ArithmeticOperator,ConditionalExpression,EqualityOperator,OptionalChaining,ObjectLiteral: equivalent, a cache miss computes the same parts
function localParts(at: number, timeZone: string): LocalParts {
  const minute = Math.floor(at / 60_000);
  const cached = lastParts.get(timeZone);
  if (cached?.minute === minute) return cached.parts;
  const parts = formatLocalParts(at, timeZone);
  lastParts.set(timeZone, { minute, parts });
  return parts;
}
// Stryker restore all

function formatLocalParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  // Stryker disable all: unreachable, Intl always gives these parts; the guard turns a broken runtime into a clear error
  const weekday = WEEKDAYS[parts.weekday ?? ''];
  if (weekday === undefined || parts.year === undefined || parts.month === undefined || parts.day === undefined) {
    throw new Error(`unexpected Intl output for ${timeZone}: ${JSON.stringify(parts)}`);
  }
  // Stryker restore all
  return {
    year: parts.year.padStart(4, '0'),
    month: parts.month,
    day: parts.day,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday,
  };
}

/** 'YYYY-MM-DD' of the instant `at` in the site's IANA time zone (the day tickets belong to). */
export function businessDate(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Local wall-clock minutes since midnight and weekday (0 = Sunday) of `at` in `timeZone`. */
export function localMinutesAndWeekday(at: number, timeZone: string): { minutes: number; weekday: number } {
  const p = localParts(at, timeZone);
  return { minutes: p.minutes, weekday: p.weekday };
}
