import type { Theme } from './config';

/** Applies a screen's theme to the document (the colours live in app.css under `data-theme`). */
export function useTheme(theme: Theme): void {
  $effect(() => {
    document.documentElement.dataset.theme = theme;
  });
}
