/**
 * What one screen shows and says. A paired board gets its settings from the hub
 * (`settingsParams`); the screen's URL, set once in the kiosk-mode command line, overrides them:
 *
 *   /display/?device=board-1&layout=counters&services=A,B&lang=zh,en&theme=dark&voice=zh,en&repeat=2&recent=6
 *   /display/counter/3?voice=zh
 *
 * Unknown or invalid values fall back to the defaults (a typo must not blank a screen).
 */
import { type DeviceSettings, LANGS, type Lang } from '@callboard/hub/client';

export type Theme = 'dark' | 'light';
/** `counters`: every open counter with its number, all the same size; `current`: the newest call large, earlier ones listed. */
export type BoardLayout = 'counters' | 'current';

export interface DisplayConfig {
  device: string | null;
  layout: BoardLayout;
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
    layout: params.get('layout') === 'current' ? 'current' : 'counters',
    services: services.length > 0 ? [...new Set(services)] : null,
    langs: langs(params.get('lang')) ?? ['zh', 'en'],
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    // A waiting-room board speaks by default; a counter display only when asked to.
    voice: silent ? [] : (langs(voice) ?? (kind === 'board' ? ['zh', 'en'] : [])),
    repeat: int(params.get('repeat'), 1, 5, 2),
    recent: int(params.get('recent'), 0, 12, 6),
  };
}

/**
 * The URL parameters a paired screen's hub settings stand for. The screen's own URL still wins
 * (`withSettings`): an ad-hoc `?services=B` on a paired board shows B whatever the hub says.
 */
export function settingsParams(settings: DeviceSettings | undefined): URLSearchParams {
  const p = new URLSearchParams();
  if (!settings) return p;
  if (settings.services && settings.services.length > 0) p.set('services', settings.services.join(','));
  const langs = settings.languages === 'both' ? 'zh,en' : settings.languages;
  if (langs) p.set('lang', langs);
  if (settings.theme) p.set('theme', settings.theme);
  if (settings.voice === false) p.set('voice', 'off');
  else if (settings.voice === true) p.set('voice', langs ?? 'zh,en');
  if (settings.repeats !== undefined) p.set('repeat', String(settings.repeats));
  return p;
}

/** The hub's settings for this screen under its URL's parameters (the URL overrides). */
export function withSettings(url: URLSearchParams, settings: DeviceSettings | undefined): URLSearchParams {
  const merged = settingsParams(settings);
  for (const [key, value] of url) merged.set(key, value);
  return merged;
}
