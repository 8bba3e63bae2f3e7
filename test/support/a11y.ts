/**
 * Lighthouse-style accessibility checks computed in the real browser: every button has an
 * accessible name (Chromium's own accessibility tree, over CDP), touch targets are large enough,
 * and text has enough contrast against what is really behind it (WCAG 2 relative luminance).
 */
import type { Page } from 'playwright-core';

/** Buttons (role button, not hidden from assistive technology) whose accessible name is empty. */
export async function unnamedButtons(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string }; backendDOMNodeId?: number }[];
    };
    const buttons = nodes.filter((n) => !n.ignored && n.role?.value === 'button');
    if (buttons.length === 0) return ['no button at all in the accessibility tree'];
    return buttons.filter((n) => !(n.name?.value ?? '').trim()).map((n) => `button #${n.backendDOMNodeId} has no name`);
  } finally {
    await cdp.detach();
  }
}

/** Names of the buttons, for a test that wants to see them. */
export async function buttonNames(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[];
    };
    return nodes.filter((n) => !n.ignored && n.role?.value === 'button').map((n) => n.name?.value ?? '');
  } finally {
    await cdp.detach();
  }
}

/** Visible buttons smaller than `min` CSS pixels in either direction. */
export async function smallTargets(page: Page, min = 64): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, [role="button"], a[href]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered
      if (r.width < min - 0.5 || r.height < min - 0.5)
        out.push(`"${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  }, min);
}

export interface ContrastFinding {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * Contrast of every visible piece of text (elements with their own text) against the colour
 * really behind it: the nearest ancestor backgrounds, alpha-blended down to the page's white.
 * Returns every finding, worst first.
 */
export async function contrastReport(page: Page): Promise<ContrastFinding[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = (m[1] as string)
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [255, 255, 255, 0];
      const ch = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
      return [ch(0), ch(1), ch(2), a];
    };
    const lum = (c: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const background = (el: Element): RGBA => {
      const layers: RGBA[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let result: RGBA = [255, 255, 255, 1]; // the canvas
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const out: { text: string; ratio: number; color: string; background: string }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none' || r.width <= 1 || r.height <= 1) continue;
      if (el.closest('.sr-only, [aria-hidden="true"], :disabled')) continue;
      let opacity = 1;
      for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const bg = background(el);
      const fg = over([...parse(style.color).slice(0, 3), parse(style.color)[3] * opacity] as RGBA, bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      out.push({
        text: own.slice(0, 40),
        ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100,
        color: style.color,
        background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
      });
    }
    return out.sort((a, b) => a.ratio - b.ratio);
  });
}
