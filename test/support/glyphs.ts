/**
 * How wide the curly quotes (’ ‘ “ ”) render, in em of their text's font size. The CJK fonts draw
 * these shared code points full-width (1 em); English text must take them from a Latin font
 * (about 0.3–0.5 em), while Chinese text keeps the full-width ones (see the apps' app.css).
 */
import type { Page } from 'playwright-core';

export interface QuoteWidths {
  /** A probe “It’s” placed in the element `within`: the width of its ’ in em, and the language it is in. */
  probe: { em: number; lang: string };
  /** Every curly quote the page shows in visible text: its width in em and the language of its text. */
  shown: { ch: string; em: number; lang: string; text: string }[];
}

export async function quoteWidths(page: Page, within = 'body'): Promise<QuoteWidths> {
  return page.evaluate((selector) => {
    const langOf = (el: Element | null) => el?.closest('[lang]')?.getAttribute('lang') ?? '';
    const emOf = (node: Text, at: number) => {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const size = Number.parseFloat(getComputedStyle(node.parentElement as Element).fontSize);
      return range.getBoundingClientRect().width / size;
    };
    const shown: { ch: string; em: number; lang: string; text: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const text = node.data;
      const parent = node.parentElement;
      if (!parent || parent.getClientRects().length === 0) continue;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if ('’‘“”'.includes(ch)) shown.push({ ch, em: emOf(node, i), lang: langOf(parent), text: text.trim().slice(0, 60) });
      }
    }
    const host = document.querySelector(selector) ?? document.body;
    const probe = document.createElement('span');
    probe.textContent = 'It’s';
    host.append(probe);
    const em = emOf(probe.firstChild as Text, 2);
    const lang = langOf(probe);
    probe.remove();
    return { probe: { em, lang }, shown };
  }, within);
}

const isEn = (lang: string) => lang === 'en' || lang.startsWith('en-');
const isZh = (lang: string) => lang === 'zh' || lang.startsWith('zh-');

/** What is wrong for an English page: quotes in English text at ≥ 0.6 em, or the probe not in English. */
export function fullWidthInEnglish(w: QuoteWidths): string[] {
  const wrong = w.shown.filter((s) => isEn(s.lang) && s.em >= 0.6).map((s) => `${s.ch} ${s.em.toFixed(2)} em in “${s.text}”`);
  if (!isEn(w.probe.lang)) wrong.push(`probe in lang="${w.probe.lang}"`);
  else if (w.probe.em >= 0.6) wrong.push(`probe ’ ${w.probe.em.toFixed(2)} em`);
  return wrong;
}

/** What is wrong for a Chinese page: quotes in Chinese text narrower than full-width, or the probe not in Chinese. */
export function narrowInChinese(w: QuoteWidths): string[] {
  const wrong = w.shown.filter((s) => isZh(s.lang) && s.em < 0.9).map((s) => `${s.ch} ${s.em.toFixed(2)} em in “${s.text}”`);
  if (!isZh(w.probe.lang)) wrong.push(`probe in lang="${w.probe.lang}"`);
  else if (w.probe.em < 0.9) wrong.push(`probe ’ ${w.probe.em.toFixed(2)} em`);
  return wrong;
}

/**
 * Visible texts with English words (three Latin letters in a row) whose nearest `lang` is not English:
 * English shown inside a Chinese element (its punctuation full-width, read by Chinese rules).
 */
export async function untaggedEnglish(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    for (const host of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const parent = node.parentElement;
        if (!parent || parent.getClientRects().length === 0 || !/[A-Za-z]{3}/.test(node.data)) continue;
        // SvelteKit's route announcer repeats the page title: the product's name, not English text.
        if (parent.id === 'svelte-announcer') continue;
        const lang = parent.closest('[lang]')?.getAttribute('lang') ?? '';
        if (lang !== 'en' && !lang.startsWith('en-')) {
          const where = `${parent.tagName.toLowerCase()}${parent.className ? `.${String(parent.className).split(' ')[0]}` : ''}`;
          found.push(`“${node.data.trim().slice(0, 60)}” in ${where}, lang="${lang}"`);
        }
      }
    }
    return found;
  }, within);
}
