/**
 * Spoken prompts (elderly mode, or always when the kiosk is configured so). The waiting-room
 * board speaks calls from recorded segments; a kiosk's prompts are whole sentences that change
 * with the screen, so it uses the browser's speech synthesis (Web Speech API), as the board does
 * for words its pack lacks. Chromium on Linux speaks through speech-dispatcher (see
 * docs/kiosk.md); with no voice for the language the kiosk stays silent. Every prompt is also
 * written to a polite live region, so a screen reader hears it and a test can read it.
 */
import type { Lang } from '@callboard/hub/client';

export interface Speaker {
  speak(text: string, lang: Lang): void;
  cancel(): void;
}

/** Ticket numbers are read sign by sign, as printed: A023 → "A 0 2 3". */
export function spellNumber(number: string): string {
  return number.split('').join(' ');
}

export function webSpeech(): Speaker | null {
  if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return null;
  return {
    speak(text, lang) {
      const prefix = lang === 'zh' ? 'zh' : 'en';
      const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(prefix));
      // Voices load asynchronously; the first prompt after start-up may find none yet, and is
      // still queued with the language set (the engine picks its default voice for it).
      const u = new SpeechSynthesisUtterance(text);
      u.lang = lang === 'zh' ? 'zh-CN' : 'en-GB';
      if (voice) u.voice = voice;
      u.rate = 0.85; // a little slower than usual: for elderly visitors
      speechSynthesis.cancel(); // a new screen's prompt replaces the old one
      speechSynthesis.speak(u);
    },
    cancel() {
      speechSynthesis.cancel();
    },
  };
}
