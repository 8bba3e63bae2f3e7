/**
 * What the board says for one call, as a list of recorded segments: a chime, then
 * "请 A023 号 到 3号窗口" and "Number A023, please go to counter 3", repeated as configured.
 * Pure: the segments that exist come in as a set (the voice pack's `pack.json`), so a site's
 * own recordings and extra words (`zh/诊室`) are used as soon as they are listed there.
 */
import type { Lang, Localized } from '@callboard/hub/client';
import { CHIME, TEMPLATE } from './vocabulary';

export interface AnnouncementPart {
  /** `null` for the chime. */
  lang: Lang | null;
  /** Segment ids to play, in order (those the pack lacks are left out and listed in `missing`). */
  ids: string[];
  /** Words the pack has no recording for; the player may use speech synthesis instead. */
  missing: string[];
  /** The sentence as shown (and given to a speech synthesiser when segments are missing). */
  text: string;
  /** What a synthesiser is given when it differs from `text`: a masked name's stars said as 某 (zh) or left out (en). */
  say?: string;
}

export interface Announcement {
  /** One call or recall of one ticket: a recall has a new key and is announced again. */
  key: string;
  number: string;
  parts: AnnouncementPart[];
}

export interface CallToAnnounce {
  ticketId: string;
  number: string;
  counterName: Localized;
  recallCount: number;
  /** Two-step calling: to the room's door, or into the room. */
  step?: 'door' | 'in';
  /** The masked name the screen shows (names on screens); with `nameOnly` the number is not said. */
  name?: string;
  nameOnly?: boolean;
}

export interface AnnouncementOptions {
  langs: readonly Lang[];
  /** How many times the sentences are said after the one chime (≥ 1). */
  repeat: number;
  available: ReadonlySet<string>;
}

export function announcementKey(call: Pick<CallToAnnounce, 'ticketId' | 'recallCount' | 'step'>): string {
  return `${call.ticketId}:${call.recallCount}${call.step ? `:${call.step}` : ''}`;
}

export function renderAnnouncement(call: CallToAnnounce, options: AnnouncementOptions): Announcement {
  const sentences = options.langs.map((lang) => sentence(call, lang, options.available));
  const parts: AnnouncementPart[] = [];
  if (sentences.length > 0) {
    const chime = options.available.has(CHIME);
    parts.push({ lang: null, ids: chime ? [CHIME] : [], missing: chime ? [] : [CHIME], text: '' });
    for (let i = 0; i < Math.max(1, Math.floor(options.repeat)); i++) parts.push(...sentences);
  }
  return { key: announcementKey(call), number: call.number, parts };
}

/** Every segment id of an announcement, in playing order. */
export function segmentList(announcement: Announcement): string[] {
  return announcement.parts.flatMap((p) => p.ids);
}

function sentence(call: CallToAnnounce, lang: Lang, available: ReadonlySet<string>): AnnouncementPart {
  const out = new Collector(available);
  const counter = call.counterName[lang];
  // Exactly what the screen shows: the number, the masked name, or both (names on screens).
  const name = call.name ?? '';
  const showNumber = !(call.nameOnly && name);
  if (lang === 'zh') {
    out.add(TEMPLATE.zh.please);
    const who: string[] = [];
    if (showNumber) {
      out.addAll(ticketNumber(call.number, lang));
      out.add(TEMPLATE.zh.number);
      who.push(`${call.number} 号`);
    }
    if (name) {
      out.name(name, lang);
      who.push(name);
    }
    const w = who.join(' ');
    if (call.step === 'door') {
      out.add(TEMPLATE.zh.goTo);
      out.name(counter, lang);
      out.add(TEMPLATE.zh.atDoor);
      return out.part(lang, `请 ${w} 到 ${counter} 门口候诊`, name);
    }
    if (call.step === 'in') {
      out.add(TEMPLATE.zh.enter);
      out.name(counter, lang);
      out.add(TEMPLATE.zh.seeDoctor);
      return out.part(lang, `请 ${w} 进入 ${counter} 就诊`, name);
    }
    out.add(TEMPLATE.zh.goTo);
    out.name(counter, lang);
    return out.part(lang, `请 ${w} 到 ${counter}`, name);
  }
  const who: string[] = [];
  if (showNumber) {
    out.add(TEMPLATE.en.number);
    out.addAll(ticketNumber(call.number, lang));
    who.push(`Number ${call.number}`);
  }
  if (name) {
    out.name(name, lang);
    who.push(name);
  }
  const w = who.join(', ');
  if (call.step === 'door') {
    out.add(TEMPLATE.en.waitAtDoor);
    out.name(counter, lang);
    return out.part(lang, `${w}, please wait at the door of ${counter}`, name);
  }
  if (call.step === 'in') {
    out.add(TEMPLATE.en.enter);
    out.name(counter, lang);
    return out.part(lang, `${w}, please enter ${counter}`, name);
  }
  out.add(TEMPLATE.en.goTo);
  out.name(counter, lang);
  return out.part(lang, `${w}, please go to ${counter}`, name);
}

/** A ticket number is read sign by sign, as printed: A023 → A, 0, 2, 3. */
export function ticketNumber(number: string, lang: Lang): string[] {
  return [...number.toUpperCase()].filter((c) => /[A-Z0-9]/.test(c)).map((c) => `${lang}/${c}`);
}

/** A number in a counter name is said as a number up to 99 (12 → 十二 / twelve), else digit by digit. */
export function cardinal(digits: string, lang: Lang): string[] {
  const n = Number(digits);
  if (digits.length > 2 || (digits.length === 2 && digits.startsWith('0'))) return [...digits].map((d) => `${lang}/${d}`);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (lang === 'zh') {
    if (n <= 10) return [`zh/${n}`];
    const head = tens === 1 ? ['zh/10'] : [`zh/${tens}`, 'zh/10'];
    return units === 0 ? head : [...head, `zh/${units}`];
  }
  if (n < 20) return [`en/${n}`];
  return units === 0 ? [`en/${tens * 10}`] : [`en/${tens * 10}`, `en/${units}`];
}

const MAX_WORD = 6;

class Collector {
  readonly ids: string[] = [];
  readonly missing: string[] = [];
  constructor(private readonly available: ReadonlySet<string>) {}

  add(id: string): void {
    if (this.available.has(id)) this.ids.push(id);
    else this.missing.push(id);
  }

  addAll(ids: string[]): void {
    for (const id of ids) this.add(id);
  }

  /** A counter name: numbers, known words (longest first), latin words, short codes spelled. */
  name(text: string, lang: Lang): void {
    let i = 0;
    while (i < text.length) {
      const rest = text.slice(i);
      const digits = /^\d+/.exec(rest)?.[0];
      if (digits) {
        this.addAll(cardinal(digits, lang));
        i += digits.length;
        continue;
      }
      const latin = /^[A-Za-z]+/.exec(rest)?.[0];
      if (latin) {
        const word = `${lang}/${latin.toLowerCase()}`;
        if (this.available.has(word)) this.ids.push(word);
        // A short code in capitals (B, VIP) is spelled; an unknown word is not.
        else if (latin.length <= 3 && latin === latin.toUpperCase()) this.addAll([...latin].map((c) => `${lang}/${c}`));
        else this.missing.push(word);
        i += latin.length;
        continue;
      }
      const ch = rest[0] as string;
      if (/[\s\p{P}\p{S}]/u.test(ch)) {
        i += 1;
        continue;
      }
      let matched = 0;
      for (let len = Math.min(MAX_WORD, rest.length); len > 0; len--) {
        const id = `${lang}/${rest.slice(0, len)}`;
        if (this.available.has(id)) {
          this.ids.push(id);
          matched = len;
          break;
        }
      }
      if (matched === 0) {
        this.missing.push(`${lang}/${ch}`);
        matched = 1;
      }
      i += matched;
    }
  }

  /** The sentence; with a masked name in it, what a synthesiser says for its stars (某 in Chinese, nothing in English). */
  part(lang: Lang, text: string, name = ''): AnnouncementPart {
    const part: AnnouncementPart = { lang, ids: this.ids, missing: this.missing, text };
    if (name.includes('*')) part.say = text.replace(name, name.replaceAll('*', lang === 'zh' ? '某' : ''));
    return part;
  }
}
