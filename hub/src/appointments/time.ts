/** Wall-clock times of the appointment book, 'HH:MM' (dates and zones are hub/src/time's). */

const HM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isHm(s: string): boolean {
  return HM.test(s);
}

/** Minutes since midnight of 'HH:MM'. */
export function hmToMin(hm: string): number {
  const m = HM.exec(hm);
  if (!m) throw new Error(`not a time: ${hm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minToHm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
