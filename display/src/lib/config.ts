/**
 * What one screen shows and says. Until screens are paired and the hub hands out per-device
 * settings (issue 7's administration), the settings come from the screen's URL, which is set
 * once in the kiosk-mode command line:
 *
 *   /display/?device=board-1&services=A,B&lang=zh,en&theme=dark&voice=zh,en&repeat=2&recent=6
 *   /display/counter/3?voice=zh
 *
 * Unknown or invalid values fall back to the defaults (a typo must not blank a screen).
 */
import { LANGS, type Lang } from '@callboard/hub/client';

export type Theme = 'dark' | 'light';

export interface DisplayConfig {
  device: string | null;
  /** Service ids shown (calls and waiting counts); `null` = all. */
  services: string[] | null;
  /** Languages shown, the first one large; never empty. */
  langs: Lang[];
  theme: Theme;
  /** Spoken languages in order; empty = silent. */
  voice: Lang[];
  /** Times the sentences are said after the chime. */
  repeat: number;
  /** Earlier calls listed beside the current one. */
  recent: number;
}

export type ScreenKind = 'board' | 'counter';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function list(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function langs(value: string | null): Lang[] | null {
  const wanted = list(value).filter((l): l is Lang => (LANGS as readonly string[]).includes(l));
  return wanted.length > 0 ? [...new Set(wanted)] : null;
}

function int(value: string | null, min: number, max: number, fallback: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  return Math.min(max, Math.max(min, Number(value)));
}

export function parseDisplayConfig(params: URLSearchParams, kind: ScreenKind): DisplayConfig {
  const device = params.get('device');
  const services = list(params.get('services')).filter((s) => ID.test(s));
  const voice = params.get('voice');
  const silent = voice === 'off' || voice === 'none' || voice === '0';
  return {
    device: device !== null && ID.test(device) ? device : null,
    services: services.length > 0 ? [...new Set(services)] : null,
    langs: langs(params.get('lang')) ?? ['zh', 'en'],
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    // A waiting-room board speaks by default; a counter display only when asked to.
    voice: silent ? [] : (langs(voice) ?? (kind === 'board' ? ['zh', 'en'] : [])),
    repeat: int(params.get('repeat'), 1, 5, 2),
    recent: int(params.get('recent'), 0, 12, 6),
  };
}
