/**
 * The GSM 7-bit default alphabet (3GPP TS 23.038) and septet packing: plain ASCII texts go in
 * 7 bits (160 characters a text) rather than UCS-2 (70). A character outside the alphabet and
 * its extension table means the text goes in UCS-2.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: escape (0x1B) then this code. */
const EXTENSION: Record<string, number> = {
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const EXTENSION_BACK = new Map(Object.entries(EXTENSION).map(([c, code]) => [code, c]));
const BASIC_INDEX = new Map([...BASIC].map((c, i) => [c, i]));

/** The text as septets, or null if a character is not in the GSM alphabet. */
export function toSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (const ch of text) {
    const basic = BASIC_INDEX.get(ch);
    if (basic !== undefined && ch !== '\u001b') out.push(basic);
    else if (ch in EXTENSION) out.push(0x1b, EXTENSION[ch] as number);
    else return null;
  }
  return out;
}

export function fromSeptets(septets: readonly number[]): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i] as number;
    if (s === 0x1b && i + 1 < septets.length) out += EXTENSION_BACK.get(septets[++i] as number) ?? ' ';
    else out += BASIC[s] ?? ' ';
  }
  return out;
}

/**
 * Packs septets into octets, starting `fillBits` into the first octet (after a user data header
 * the septets start on a septet boundary: 23.040 §9.2.3.24).
 */
export function packSeptets(septets: readonly number[], fillBits = 0): Buffer {
  const totalBits = fillBits + septets.length * 7;
  const out = Buffer.alloc(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (const s of septets) {
    for (let k = 0; k < 7; k++, bit++) if ((s >> k) & 1) out[bit >> 3] = (out[bit >> 3] as number) | (1 << (bit & 7));
  }
  return out;
}

export function unpackSeptets(octets: Buffer, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let bit = fillBits;
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let k = 0; k < 7; k++, bit++) if (((octets[bit >> 3] ?? 0) >> (bit & 7)) & 1) s |= 1 << k;
    out.push(s);
  }
  return out;
}
