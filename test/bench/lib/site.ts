/**
 * The site a benchmark or chaos run drives: the demo site widened to a busy service hall —
 * 20 counters with one clerk each, five-digit number ranges, and rate limits lifted (every
 * simulated kiosk shares one loopback address, which a real site's per-client limit is not
 * sized for).
 */
export const COUNTERS = 20;
export const SERVICES = ['A', 'B', 'C'] as const;
export const CLERK_PASSWORD = 'callboard-bench';

export const clerkName = (i: number) => `clerk${String(i).padStart(2, '0')}`;
export const counterId = (i: number) => String(i);

/** Counter i serves one or two services, so the weights and the skill routing are exercised. */
function servicesOf(i: number): string[] {
  const a = SERVICES[i % SERVICES.length] as string;
  const b = SERVICES[(i + 1) % SERVICES.length] as string;
  return i % 2 === 0 ? [a, b] : [a];
}

export function benchSitePatch(raw: any): void {
  // The daily backup (due at the first start after 02:30 site time) reads and gzips the whole
  // data dir; the start-up scenario measures it separately rather than by the clock's luck.
  raw.backup = { enabled: false };
  raw.rateLimit = { ticketsPerMinutePerClient: 10_000_000, loginPerMinute: 100_000 };
  // Load generators issue as anonymous clients from one address: lift the site's caps on those too.
  raw.issuing = { anonymous: true, anonymousPerServicePerHour: 10_000_000, anonymousPerAddressPerHour: 10_000_000 };
  for (const s of raw.services) {
    s.numberRange = [1, 99999];
    delete s.hours;
  }
  raw.counters = Array.from({ length: COUNTERS }, (_, k) => {
    const i = k + 1;
    return { id: counterId(i), name: { zh: `${i}号窗口`, en: `Counter ${i}` }, services: servicesOf(i) };
  });
  raw.staff = [
    ...raw.staff.filter((s: { role: string }) => s.role !== 'clerk'),
    ...Array.from({ length: COUNTERS }, (_, k) => ({
      username: clerkName(k + 1),
      name: `Clerk ${k + 1}`,
      role: 'clerk',
      skills: servicesOf(k + 1),
      password: CLERK_PASSWORD,
    })),
  ];
}
