/**
 * The one translation mechanism of the kiosk, display and staff apps. Plain TypeScript (no
 * framework): each app keeps its own dictionary of `{ zh, en }` pairs, so a missing translation
 * is a type error, and the API's error codes are translated by code in those dictionaries.
 */
import { type ClassName, DEFAULT_CLASS_NAMES, type Lang, type Localized } from '../protocol';

export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A dictionary: message key → the text in each language, with `{name}` placeholders. */
export type Messages = Record<string, Localized>;

export type MessageParams = Record<string, string | number>;

/** The text of a `{ zh, en }` pair (a service name, a counter name, a notice) in `lang`. */
export function localized(name: Localized, lang: Lang): string {
  return name[lang];
}

/** Replaces `{name}` with `params.name`; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export type Translator<M extends Messages> = (lang: Lang, key: keyof M & string, params?: MessageParams) => string;

/** `const t = createTranslator(messages); t('en', 'peopleAhead', { n: 3 })` */
export function createTranslator<M extends Messages>(messages: M): Translator<M> {
  return (lang, key, params) => interpolate(localized(messages[key] as Localized, lang), params);
}

/**
 * A wait shown as a range (queue/wait-range.ts): '11–27 分钟' / '11–27 min', '3 分钟内' / 'within
 * 3 min' when it may be now; falls back to `formatWait` for an estimate without a range.
 */
export function formatWaitShown(seconds: number, range: { lowSec: number; highSec: number } | undefined, lang: Lang): string {
  if (!range) return formatWait(seconds, lang);
  const low = Math.round(range.lowSec / 60);
  const high = Math.max(1, Math.round(range.highSec / 60));
  if (low === 0) return lang === 'zh' ? `${high} 分钟内` : `within ${high} min`;
  return lang === 'zh' ? `${low}–${high} 分钟` : `${low}–${high} min`;
}

/** A wait estimate for visitors: '约 12 分钟' / 'about 12 min'; never claims more precision than minutes. */
export function formatWait(seconds: number, lang: Lang): string {
  if (!(seconds > 0)) return lang === 'zh' ? '无需等待' : 'no wait';
  const totalMin = Math.max(1, Math.round(seconds / 60));
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (lang === 'zh') return h === 0 ? `约 ${m} 分钟` : m === 0 ? `约 ${h} 小时` : `约 ${h} 小时 ${m} 分钟`;
  return h === 0 ? `about ${m} min` : m === 0 ? `about ${h} h` : `about ${h} h ${m} min`;
}

/**
 * A priority class as people read it: its name in `lang`, else in the other language, else its id
 * (never the id while a name exists). `names` are the site's (`GET /services` classes, report
 * labels; the hub has laid them over the shipped ones); until they are known, the shipped name.
 */
export function className(id: string, lang: Lang, names: Readonly<Record<string, ClassName>> = {}): string {
  const name = names[id] ?? DEFAULT_CLASS_NAMES[id];
  return name?.[lang] ?? name?.[lang === 'zh' ? 'en' : 'zh'] ?? id;
}
