/**
 * What one kiosk does, from its URL (set once in the kiosk-mode command line, like the
 * waiting-room screens; per-device settings from the hub come with the staff console):
 *
 *   /kiosk/?device=kiosk-1&idle=45&confirm=20&identity=optional,C:required&methods=card,qr,phone&voice=elderly&lang=zh&window=30,10
 *
 * Unknown or invalid values fall back to the defaults: a typo must never lock a kiosk.
 */
import { LANGS, type Lang } from '@callboard/hub/client';
import { type AppointmentWindow, DEFAULT_WINDOW } from './appointment';

/** Whether a service asks who the visitor is: not at all, with a "skip" button, or always. */
export type IdentityRule = 'none' | 'optional' | 'required';
export type IdentityMethod = 'card' | 'qr' | 'phone';
/** Spoken prompts: only in elderly mode (default), always, or never. */
export type VoiceMode = 'elderly' | 'on' | 'off';

export interface KioskConfig {
  /** The device id this kiosk expects to be (paired under); `null` = whatever it was paired as. */
  device: string | null;
  /** Back to the welcome screen (and default language and mode) after this long untouched. */
  idleMs: number;
  /** The confirmation returns to the welcome screen after this long (longer when nothing printed). */
  confirmMs: number;
  identityDefault: IdentityRule;
  identity: Record<string, IdentityRule>;
  /** Identity methods offered, in this order; never empty. */
  methods: IdentityMethod[];
  voice: VoiceMode;
  lang: Lang;
  /** The site's appointment window (`queue.appointmentWindow`), for the early / on time / late message. */
  appointmentWindow: AppointmentWindow;
}

export const DEFAULT_CONFIG: KioskConfig = {
  device: null,
  idleMs: 45_000,
  confirmMs: 20_000,
  identityDefault: 'optional',
  identity: {},
  methods: ['card', 'qr', 'phone'],
  voice: 'elderly',
  lang: 'zh',
  appointmentWindow: DEFAULT_WINDOW,
};

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RULES: readonly IdentityRule[] = ['none', 'optional', 'required'];
const METHODS: readonly IdentityMethod[] = ['card', 'qr', 'phone'];
const VOICES: readonly VoiceMode[] = ['elderly', 'on', 'off'];

function list(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function seconds(value: string | null, min: number, max: number, fallbackMs: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallbackMs;
  return Math.min(max, Math.max(min, Number(value))) * 1000;
}

/** `window=30,10`: minutes early, minutes of grace (each 0–240). */
function appointmentWindow(value: string | null): AppointmentWindow {
  const m = /^(\d{1,3}),(\d{1,3})$/.exec(value ?? '');
  if (!m) return DEFAULT_WINDOW;
  const [early, grace] = [Number(m[1]), Number(m[2])];
  if (early > 240 || grace > 240) return DEFAULT_WINDOW;
  return { earlyMs: early * 60_000, graceMs: grace * 60_000 };
}

const isRule = (s: string): s is IdentityRule => (RULES as readonly string[]).includes(s);

export function parseKioskConfig(params: URLSearchParams): KioskConfig {
  const device = params.get('device');
  let identityDefault = DEFAULT_CONFIG.identityDefault;
  const identity: Record<string, IdentityRule> = {};
  for (const entry of list(params.get('identity'))) {
    const [a, b] = entry.split(':');
    if (b === undefined && a !== undefined && isRule(a)) identityDefault = a;
    else if (a !== undefined && b !== undefined && ID.test(a) && isRule(b)) identity[a] = b;
  }
  const methods = [...new Set(list(params.get('methods')).filter((m): m is IdentityMethod => METHODS.includes(m as never)))];
  const voice = params.get('voice');
  const lang = params.get('lang');
  return {
    device: device !== null && ID.test(device) ? device : null,
    idleMs: seconds(params.get('idle'), 5, 600, DEFAULT_CONFIG.idleMs),
    confirmMs: seconds(params.get('confirm'), 5, 120, DEFAULT_CONFIG.confirmMs),
    identityDefault,
    identity,
    methods: methods.length > 0 ? methods : DEFAULT_CONFIG.methods,
    voice: voice !== null && (VOICES as readonly string[]).includes(voice) ? (voice as VoiceMode) : DEFAULT_CONFIG.voice,
    lang: lang !== null && (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : DEFAULT_CONFIG.lang,
    appointmentWindow: appointmentWindow(params.get('window')),
  };
}

export function identityRule(config: KioskConfig, serviceId: string): IdentityRule {
  return config.identity[serviceId] ?? config.identityDefault;
}
