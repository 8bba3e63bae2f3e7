import { describe, expect, it } from 'vitest';
import { parseDisplayConfig } from './config';

const parse = (query: string, kind: 'board' | 'counter' = 'board') => parseDisplayConfig(new URLSearchParams(query), kind);

describe('parseDisplayConfig', () => {
  it('gives a board both languages, dark theme, and a voice that repeats twice by default', () => {
    expect(parse('')).toEqual({
      device: null,
      layout: 'counters',
      services: null,
      langs: ['zh', 'en'],
      theme: 'dark',
      voice: ['zh', 'en'],
      repeat: 2,
      recent: 6,
    });
  });

  it('keeps a counter display silent unless asked', () => {
    expect(parse('', 'counter').voice).toEqual([]);
    expect(parse('voice=zh', 'counter').voice).toEqual(['zh']);
  });

  it('reads every setting from the URL', () => {
    expect(parse('device=board-2&layout=current&services=B,C&lang=en&theme=light&voice=en,zh&repeat=3&recent=4')).toEqual({
      device: 'board-2',
      layout: 'current',
      services: ['B', 'C'],
      langs: ['en'],
      theme: 'light',
      voice: ['en', 'zh'],
      repeat: 3,
      recent: 4,
    });
  });

  it('silences the voice with voice=off', () => {
    expect(parse('voice=off').voice).toEqual([]);
  });

  it('ignores what it does not understand instead of blanking the screen', () => {
    const c = parse('device=../x&services=,A,,A,<b>&lang=fr&theme=neon&voice=de&repeat=99&recent=-1');
    expect(c).toMatchObject({
      device: null,
      services: ['A'],
      langs: ['zh', 'en'],
      theme: 'dark',
      voice: ['zh', 'en'],
      repeat: 5,
      recent: 6,
    });
  });
});
