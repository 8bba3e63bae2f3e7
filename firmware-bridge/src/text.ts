/** Small text helpers shared by the codecs (written as loops: Biome rightly dislikes control characters in regexes). */

/** Removes C0 control characters and DEL. */
export function stripControl(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 && c !== 0x7f) out += ch;
  }
  return out;
}

/** Replaces C0 control characters and DEL with spaces (keeps the length a screen expects). */
export function blankControl(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x20 && c !== 0x7f ? ch : ' ';
  }
  return out;
}

/** Trims the space or NUL padding at the end of a fixed-width field. */
export function trimPadding(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\u0000' || s[end - 1] === '\u3000')) end--;
  return s.slice(0, end);
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
