import type { Lang } from '@callboard/hub/client';
import { getContext, setContext } from 'svelte';
import type { Theme } from './config';

/** Applies a screen's theme to the document (the colours live in app.css under `data-theme`). */
export function useTheme(theme: Theme): void {
  $effect(() => {
    document.documentElement.dataset.theme = theme;
  });
}

const LANGS_KEY = Symbol('langs');

/** The `lang` attribute of a text in `lang`: app.css picks the fonts by it (Latin punctuation in English). */
export const langAttr = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en');

/** Marks the document with the screen's first language and gives the screen's languages to its texts (Texts.svelte). */
export function useLangs(langs: readonly Lang[]): void {
  setContext(LANGS_KEY, langs);
  $effect(() => {
    document.documentElement.lang = langAttr(langs[0] ?? 'zh');
  });
}

/** The screen's languages, in the order its texts are given (undefined outside a screen). */
export function screenLangs(): readonly Lang[] | undefined {
  return getContext<readonly Lang[] | undefined>(LANGS_KEY);
}
