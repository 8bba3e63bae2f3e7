import { describe, expect, it } from 'vitest';
import { renderTemplate } from './templates';

describe('message templates', () => {
  it('fills the default Chinese and English texts', () => {
    expect(renderTemplate(undefined, 'ahead', 'zh', { number: 'A023', ahead: 3, site: '市民中心' })).toBe(
      'A023号：前面还有3人，请回到候诊区。【市民中心】',
    );
    expect(renderTemplate(undefined, 'called', 'en', { number: 'A023', counter: 'Window 3', site: 'Hall' })).toBe(
      'A023: please go to Window 3 now. (Hall)',
    );
  });

  it("uses the site's own template for a language and the default for the others", () => {
    const site = { zh: { ahead: '{number}号：前面还有{ahead}人，请回到候诊区' } };
    expect(renderTemplate(site, 'ahead', 'zh', { number: 'B007', ahead: 2 })).toBe('B007号：前面还有2人，请回到候诊区');
    expect(renderTemplate(site, 'ahead', 'en', { number: 'B007', ahead: 2, site: 'X' })).toContain('2 ahead of you');
  });

  it('leaves an unknown placeholder visible', () => {
    expect(renderTemplate({ en: { called: '{number} to {countr}' } }, 'called', 'en', { number: 'A1' })).toBe('A1 to {countr}');
  });
});
