import { describe, expect, it } from 'vitest';
import { className, createTranslator, formatWait, formatWaitShown, interpolate, LANGS, localized } from './i18n';

describe('interpolate', () => {
  it('replaces every placeholder, numbers included', () => {
    expect(interpolate('{n} waiting at {counter}, {n} in all', { n: 3, counter: 'Counter 2' })).toBe(
      '3 waiting at Counter 2, 3 in all',
    );
  });

  it('leaves unknown placeholders and text without params as they are', () => {
    expect(interpolate('请到 {counter}', { other: 'x' })).toBe('请到 {counter}');
    expect(interpolate('{n} ahead')).toBe('{n} ahead');
  });

  it('puts a zero in (a falsy value is still a value)', () => {
    expect(interpolate('{n} ahead', { n: 0 })).toBe('0 ahead');
  });

  it('does not interpret the value as a pattern', () => {
    expect(interpolate('{a}', { a: '$& {a} $1' })).toBe('$& {a} $1');
  });
});

describe('createTranslator', () => {
  const t = createTranslator({
    peopleAhead: { zh: '前面还有 {n} 人', en: '{n} ahead of you' },
    welcome: { zh: '欢迎', en: 'Welcome' },
  });

  it('picks the language and fills the placeholders', () => {
    expect(t('zh', 'peopleAhead', { n: 4 })).toBe('前面还有 4 人');
    expect(t('en', 'peopleAhead', { n: 4 })).toBe('4 ahead of you');
    expect(t('en', 'welcome')).toBe('Welcome');
  });

  it('has both languages for every language the apps offer', () => {
    expect(LANGS).toEqual(['zh', 'en']);
    for (const lang of LANGS) expect(t(lang, 'welcome')).not.toBe('');
  });
});

describe('localized', () => {
  it('returns the text of a name in the language asked', () => {
    const name = { zh: '3号窗口', en: 'Counter 3' };
    expect(localized(name, 'zh')).toBe('3号窗口');
    expect(localized(name, 'en')).toBe('Counter 3');
  });
});

describe('formatWait', () => {
  it('says there is no wait for zero, negative or unknown estimates', () => {
    for (const s of [0, -5, Number.NaN]) {
      expect(formatWait(s, 'zh')).toBe('无需等待');
      expect(formatWait(s, 'en')).toBe('no wait');
    }
  });

  it('rounds to whole minutes and never shows less than one minute', () => {
    expect(formatWait(1, 'en')).toBe('about 1 min');
    expect(formatWait(89, 'en')).toBe('about 1 min');
    expect(formatWait(90, 'en')).toBe('about 2 min');
    expect(formatWait(12 * 60, 'zh')).toBe('约 12 分钟');
  });

  it('switches to hours from 60 minutes', () => {
    expect(formatWait(59 * 60, 'en')).toBe('about 59 min');
    expect(formatWait(60 * 60, 'en')).toBe('about 1 h');
    expect(formatWait(60 * 60, 'zh')).toBe('约 1 小时');
    expect(formatWait(95 * 60, 'en')).toBe('about 1 h 35 min');
    expect(formatWait(95 * 60, 'zh')).toBe('约 1 小时 35 分钟');
    expect(formatWait(3 * 3600 + 29, 'zh')).toBe('约 3 小时');
  });
});

describe('formatWaitShown', () => {
  it('shows a range in whole minutes, "within" when it may be now, the plain estimate without a range', () => {
    expect(formatWaitShown(900, { lowSec: 660, highSec: 1620 }, 'zh')).toBe('11–27 分钟');
    expect(formatWaitShown(900, { lowSec: 660, highSec: 1620 }, 'en')).toBe('11–27 min');
    expect(formatWaitShown(60, { lowSec: 0, highSec: 240 }, 'zh')).toBe('4 分钟内');
    expect(formatWaitShown(60, { lowSec: 0, highSec: 240 }, 'en')).toBe('within 4 min');
    expect(formatWaitShown(900, undefined, 'en')).toBe('about 15 min');
  });
});

describe('className', () => {
  const names = { normal: { zh: '普通', en: 'Walk-in' }, vip: { zh: '贵宾' }, veteran: { en: 'Veterans' }, bare: {} };

  it("names a class in the viewer's language", () => {
    expect(className('normal', 'en', names)).toBe('Walk-in');
    expect(className('normal', 'zh', names)).toBe('普通');
  });

  it('falls back to the other language, then to the id', () => {
    expect(className('vip', 'en', names)).toBe('贵宾');
    expect(className('veteran', 'zh', names)).toBe('Veterans');
    expect(className('bare', 'en', names)).toBe('bare');
    expect(className('unknown', 'zh', names)).toBe('unknown');
  });

  it("uses the shipped names until the site's are known", () => {
    expect(className('priority', 'zh')).toBe('优先');
    expect(className('appointment', 'en')).toBe('Appointment');
  });
});
