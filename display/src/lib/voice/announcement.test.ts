import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { announcementKey, cardinal, renderAnnouncement, segmentList, ticketNumber } from './announcement';
import { VOCABULARY } from './vocabulary';

/** The committed voice pack: what a board really has. */
const pack = JSON.parse(readFileSync(new URL('../../../static/voice/pack.json', import.meta.url), 'utf8')) as {
  segments: Record<string, string>;
};
const available = new Set(Object.keys(pack.segments));

const A023 = { ticketId: 't-1', number: 'A023', counterName: { zh: '3号窗口', en: 'Counter 3' }, recallCount: 0 };

describe('the announcement for A023 → 3号窗口', () => {
  it('is exactly this list of segments: chime, the Chinese sentence, the English one', () => {
    const a = renderAnnouncement(A023, { langs: ['zh', 'en'], repeat: 1, available });
    expect(segmentList(a)).toEqual([
      'chime',
      // 请 A 零 二 三 号 到 三 号 窗口
      'zh/请',
      'zh/A',
      'zh/0',
      'zh/2',
      'zh/3',
      'zh/号',
      'zh/到',
      'zh/3',
      'zh/号',
      'zh/窗口',
      // Number A zero two three, please go to counter three
      'en/number',
      'en/A',
      'en/0',
      'en/2',
      'en/3',
      'en/please go to',
      'en/counter',
      'en/3',
    ]);
    expect(a.parts.map((p) => p.missing)).toEqual([[], [], []]);
    expect(a.parts.map((p) => p.text)).toEqual(['', '请 A023 号 到 3号窗口', 'Number A023, please go to Counter 3']);
  });

  it('repeats the sentences, not the chime', () => {
    const a = renderAnnouncement(A023, { langs: ['zh', 'en'], repeat: 2, available });
    expect(a.parts.map((p) => p.lang)).toEqual([null, 'zh', 'en', 'zh', 'en']);
    expect(a.parts[3]).toEqual(a.parts[1]);
    expect(segmentList(a).filter((id) => id === 'chime')).toHaveLength(1);
  });

  it('speaks only the languages asked for, in their order', () => {
    const a = renderAnnouncement(A023, { langs: ['en'], repeat: 1, available });
    expect(a.parts.map((p) => p.lang)).toEqual([null, 'en']);
    expect(renderAnnouncement(A023, { langs: [], repeat: 2, available }).parts).toEqual([]);
  });

  it('gives a recall its own key, so it is announced again', () => {
    const first = renderAnnouncement(A023, { langs: ['zh'], repeat: 1, available });
    const recall = renderAnnouncement({ ...A023, recallCount: 1 }, { langs: ['zh'], repeat: 1, available });
    expect(recall.key).not.toBe(first.key);
    expect(segmentList(recall)).toEqual(segmentList(first));
  });
});

describe('numbers', () => {
  it('reads ticket numbers sign by sign, leading zeros included', () => {
    expect(ticketNumber('B0107', 'zh')).toEqual(['zh/B', 'zh/0', 'zh/1', 'zh/0', 'zh/7']);
    expect(ticketNumber('c12', 'en')).toEqual(['en/C', 'en/1', 'en/2']);
    // Past the end of a day's range numbers go on one digit wider: still every sign, nothing missing.
    const wider = renderAnnouncement({ ...A023, number: 'A1000' }, { langs: ['zh', 'en'], repeat: 1, available });
    expect(ticketNumber('A1000', 'zh')).toEqual(['zh/A', 'zh/1', 'zh/0', 'zh/0', 'zh/0']);
    expect(wider.parts.flatMap((p) => p.missing)).toEqual([]);
    expect(wider.parts[1]?.text).toBe('请 A1000 号 到 3号窗口');
  });

  it('says counter numbers as numbers in Chinese: 十, 十二, 二十, 二十三', () => {
    expect(cardinal('3', 'zh')).toEqual(['zh/3']);
    expect(cardinal('10', 'zh')).toEqual(['zh/10']);
    expect(cardinal('12', 'zh')).toEqual(['zh/10', 'zh/2']);
    expect(cardinal('20', 'zh')).toEqual(['zh/2', 'zh/10']);
    expect(cardinal('23', 'zh')).toEqual(['zh/2', 'zh/10', 'zh/3']);
  });

  it('says counter numbers as numbers in English: twelve, twenty, forty-five', () => {
    expect(cardinal('12', 'en')).toEqual(['en/12']);
    expect(cardinal('20', 'en')).toEqual(['en/20']);
    expect(cardinal('45', 'en')).toEqual(['en/40', 'en/5']);
  });

  it('reads long numbers and zero-padded ones digit by digit', () => {
    expect(cardinal('105', 'en')).toEqual(['en/1', 'en/0', 'en/5']);
    expect(cardinal('07', 'zh')).toEqual(['zh/0', 'zh/7']);
  });

  it('has a recording for every id a number from 0 to 99 can need', () => {
    for (let n = 0; n < 100; n++) {
      for (const lang of ['zh', 'en'] as const) for (const id of cardinal(String(n), lang)) expect(available).toContain(id);
    }
  });
});

describe('counter names', () => {
  const say = (zh: string, en: string) =>
    renderAnnouncement({ ...A023, counterName: { zh, en } }, { langs: ['zh', 'en'], repeat: 1, available }).parts.slice(1);

  it('uses the longest recorded word and the number before it', () => {
    const [zh, en] = say('12号柜台', 'Desk 12');
    expect(zh?.ids.slice(-4)).toEqual(['zh/10', 'zh/2', 'zh/号', 'zh/柜台']);
    expect(en?.ids.slice(-2)).toEqual(['en/desk', 'en/12']);
  });

  it('spells a short code in capitals and lists words it has no recording for', () => {
    const [zh, en] = say('VIP室', 'VIP lounge');
    expect(zh?.ids.slice(-4)).toEqual(['zh/V', 'zh/I', 'zh/P', 'zh/室']);
    expect(zh?.missing).toEqual([]);
    expect(en?.ids.slice(-3)).toEqual(['en/V', 'en/I', 'en/P']);
    expect(en?.missing).toEqual(['en/lounge']);
  });

  it('lists unknown Chinese characters as missing and says the rest', () => {
    const [zh] = say('5号诊疗间', 'Room 5');
    expect(zh?.missing).toEqual(['zh/诊', 'zh/疗', 'zh/间']);
    expect(zh?.ids.slice(-2)).toEqual(['zh/5', 'zh/号']);
  });

  it('picks up words a site adds to its pack', () => {
    const withSiteWords = new Set([...available, 'zh/诊疗间']);
    const a = renderAnnouncement(
      { ...A023, counterName: { zh: '5号诊疗间', en: 'Room 5' } },
      { langs: ['zh'], repeat: 1, available: withSiteWords },
    );
    expect(a.parts[1]?.missing).toEqual([]);
    expect(segmentList(a).slice(-3)).toEqual(['zh/5', 'zh/号', 'zh/诊疗间']);
  });
});

describe('the committed voice pack', () => {
  it('has a file for every segment of the vocabulary, and nothing else', () => {
    expect(Object.keys(pack.segments).sort()).toEqual(VOCABULARY.map((s) => s.id).sort());
    for (const s of VOCABULARY) expect(pack.segments[s.id]).toBe(s.file);
  });
});

describe('two-step calls and names (what the screen shows is what is said)', () => {
  const C7 = { ticketId: 't-7', number: 'C007', counterName: { zh: '3诊室', en: 'Room 3' }, recallCount: 0 };
  const texts = (call: Parameters<typeof renderAnnouncement>[0]) =>
    renderAnnouncement(call, { langs: ['zh', 'en'], repeat: 1, available })
      .parts.slice(1)
      .map((p) => p.text);

  it('to the door, then in: two sentences, two keys', () => {
    expect(texts({ ...C7, step: 'door' })).toEqual([
      '请 C007 号 到 3诊室 门口候诊',
      'Number C007, please wait at the door of Room 3',
    ]);
    expect(texts({ ...C7, step: 'in' })).toEqual(['请 C007 号 进入 3诊室 就诊', 'Number C007, please enter Room 3']);
    expect(announcementKey({ ...C7, step: 'door' })).not.toBe(announcementKey({ ...C7, step: 'in' }));
  });

  it('number + masked name, masked name only, number only', () => {
    expect(texts({ ...C7, step: 'in', name: '张*三' })).toEqual([
      '请 C007 号 张*三 进入 3诊室 就诊',
      'Number C007, 张*三, please enter Room 3',
    ]);
    expect(texts({ ...A023, name: '张*三', nameOnly: true })).toEqual(['请 张*三 到 3号窗口', '张*三, please go to Counter 3']);
    const numberOnly = texts(A023);
    expect(numberOnly.join(' ')).not.toContain('*');
  });

  it('the number is not said when only the name is shown; the characters of the name go to the synthesiser, stars as 某', () => {
    const a = renderAnnouncement({ ...A023, name: '张*三', nameOnly: true }, { langs: ['zh'], repeat: 1, available });
    const zh = a.parts[1];
    expect(zh?.ids).not.toContain('zh/A');
    expect(zh?.missing).toEqual(['zh/张', 'zh/三']);
    expect(zh?.say).toBe('请 张某三 到 3号窗口');
    expect(renderAnnouncement(A023, { langs: ['zh'], repeat: 1, available }).parts[1]?.say).toBeUndefined();
  });
});
