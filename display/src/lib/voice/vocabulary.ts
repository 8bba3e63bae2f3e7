/**
 * The shipped voice pack: every recorded segment, its file and what a synthesiser says for it.
 * `scripts/make-voice-pack.ts` turns this list into `static/voice/` (files + `pack.json`);
 * the board reads only `pack.json`, so a site can replace any file with its own recording or
 * add words (a segment id is `<lang>/<the word as written in counter names>`).
 */
import type { Lang } from '@callboard/hub/client';

export interface SegmentSource {
  /** `chime`, or `<lang>/<word>`: `zh/请`, `zh/3`, `zh/A`, `en/please go to`, `en/12`. */
  id: string;
  /** Path under `static/voice/`. */
  file: string;
  /** espeak-ng voice: Mandarin with pinyin input, Mandarin reading latin letters, or English. */
  voice: 'cmn-latn-pinyin' | 'cmn' | 'en-gb';
  /** What the synthesiser is given. */
  say: string;
}

export const CHIME = 'chime';

/** Fixed words of the sentence templates (see `announcement.ts`). */
export const TEMPLATE = {
  zh: { please: 'zh/请', number: 'zh/号', goTo: 'zh/到', atDoor: 'zh/门口候诊', enter: 'zh/进入', seeDoctor: 'zh/就诊' },
  en: { number: 'en/number', goTo: 'en/please go to', waitAtDoor: 'en/please wait at the door of', enter: 'en/please enter' },
} as const satisfies Record<Lang, Record<string, string>>;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ZH_DIGITS = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3', 'shi2'];
const EN_NUMBERS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Chinese words: the template's, and the usual ends of counter names (3号窗口, 2号柜台, 5诊室). */
const ZH_WORDS: [word: string, file: string, pinyin: string][] = [
  ['请', 'qing', 'qing3'],
  ['号', 'hao', 'hao4'],
  ['到', 'dao', 'dao4'],
  ['窗口', 'chuangkou', 'chuang1 kou3'],
  ['柜台', 'guitai', 'gui4 tai2'],
  ['诊室', 'zhenshi', 'zhen3 shi4'],
  ['室', 'shi', 'shi4'],
];

const EN_WORDS: [word: string, file: string][] = [
  ['number', 'number'],
  ['please go to', 'please-go-to'],
  ['counter', 'counter'],
  ['desk', 'desk'],
  ['window', 'window'],
  ['room', 'room'],
];

export const VOCABULARY: readonly SegmentSource[] = [
  { id: CHIME, file: 'chime.ogg', voice: 'en-gb', say: '' },
  // zh: 0–9 read digit by digit in ticket numbers, 十 for counter numbers up to 99.
  ...ZH_DIGITS.map((say, n) => ({ id: `zh/${n}`, file: `zh/${n}.ogg`, voice: 'cmn-latn-pinyin' as const, say })),
  ...LETTERS.map((l) => ({ id: `zh/${l}`, file: `zh/${l}.ogg`, voice: 'cmn' as const, say: l })),
  ...ZH_WORDS.map(([word, file, say]) => ({ id: `zh/${word}`, file: `zh/${file}.ogg`, voice: 'cmn-latn-pinyin' as const, say })),
  // en: 0–19 and the tens, so counter numbers up to 99 are said as numbers.
  ...EN_NUMBERS.map((say, n) => ({ id: `en/${n}`, file: `en/${n}.ogg`, voice: 'en-gb' as const, say })),
  ...EN_TENS.map((say, i) => ({ id: `en/${(i + 2) * 10}`, file: `en/${(i + 2) * 10}.ogg`, voice: 'en-gb' as const, say })),
  ...LETTERS.map((l) => ({ id: `en/${l}`, file: `en/${l}.ogg`, voice: 'en-gb' as const, say: l })),
  ...EN_WORDS.map(([word, file]) => ({ id: `en/${word}`, file: `en/${file}.ogg`, voice: 'en-gb' as const, say: word })),
];
