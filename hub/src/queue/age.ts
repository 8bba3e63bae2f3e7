/**
 * Age from a resident ID number, for age-based priority classes (e.g. 70+). The 18-character
 * numbers of mainland residents, foreign permanent residents (2023 format) and HK/Macau/Taiwan
 * residence permits all carry the birth date as YYYYMMDD in characters 7–14; the old
 * 15-digit numbers carry YYMMDD (1900s) in 7–12. Only the resulting class is kept on the
 * ticket, never the date.
 */

/** 'YYYY-MM-DD', or undefined when the number has no valid date where one should be. */
export function birthDateFromIdNumber(idNumber: string): string | undefined {
  const id = idNumber.trim();
  let y: string;
  let m: string;
  let d: string;
  if (/^\d{17}[\dXx]$/.test(id)) {
    [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)];
  } else if (/^\d{15}$/.test(id)) {
    [y, m, d] = [`19${id.slice(6, 8)}`, id.slice(8, 10), id.slice(10, 12)];
  } else return undefined;
  const iso = `${y}-${m}-${d}`;
  // The round trip rejects 0230, 1301 … and the years 0000–0099 (which Date.UTC reads as 19xx).
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Completed years on `day` (both 'YYYY-MM-DD'); someone born on 29 February turns a year older on 1 March. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
