/**
 * A barcode/QR scanner in keyboard mode ("wedge") types its code into the page as fast keystrokes
 * ending with Enter. The kiosk has no physical keyboard for visitors (on-screen keypad only), so
 * keystrokes are a scanner's — but a code is only taken when the keys came fast (a scanner's
 * ~1–10 ms apart), never from slow typing. Pure: the caller passes each key and its time.
 */
export const WEDGE_MAX_GAP_MS = 60;
export const WEDGE_MIN_LENGTH = 4;
export const WEDGE_MAX_LENGTH = 512;

export class ScanWedge {
  #buffer = '';
  #lastAt = Number.NEGATIVE_INFINITY;

  /** Feeds one `KeyboardEvent.key`; returns the scanned code when this key completed one. */
  key(key: string, at: number): string | null {
    if (at - this.#lastAt > WEDGE_MAX_GAP_MS) this.#buffer = '';
    this.#lastAt = at;
    if (key === 'Enter' || key === 'Tab') {
      const code = this.#buffer;
      this.#buffer = '';
      return code.length >= WEDGE_MIN_LENGTH ? code : null;
    }
    if (key.length !== 1) return null; // Shift, arrows…
    if (this.#buffer.length < WEDGE_MAX_LENGTH) this.#buffer += key;
    return null;
  }
}
