/** The central console's figures as staff read them (pure). */
import type { Lang } from '@callboard/hub/client';

/** "12 s ago" / "3 min ago" from the last message heard. */
export function heardAgo(lastSeenAt: number | null, now: number): { key: 'secondsAgo' | 'minutesAgo'; n: number } | null {
  if (lastSeenAt === null) return null;
  const sec = Math.max(0, Math.round((now - lastSeenAt) / 1000));
  return sec < 120 ? { key: 'secondsAgo', n: sec } : { key: 'minutesAgo', n: Math.round(sec / 60) };
}

/** A share 0–1 as "87 %"; "–" before the first call of the day. */
export function percent(level: number | null | undefined): string {
  return level === null || level === undefined ? '–' : `${Math.round(level * 100)} %`;
}

/** Minutes of a wait for the console ("0 min", "23 min"): staff see exact figures, not visitors' rounding. */
export function waitMinutes(sec: number | undefined, lang: Lang): string {
  const m = Math.floor((sec ?? 0) / 60);
  return lang === 'zh' ? `${m} 分钟` : `${m} min`;
}
