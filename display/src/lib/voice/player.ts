/**
 * Plays announcements in the browser: the voice pack's segments through Web Audio, each part
 * gap-free and sample-accurately scheduled, parts separated by short pauses. Segments are
 * fetched and decoded once, on first use. A sentence with words the pack lacks is handed to
 * the Web Speech API when the browser has a voice for that language; else the recorded
 * segments are played without the missing words.
 *
 * Chromium only plays sound without a user gesture when started with
 * `--autoplay-policy=no-user-gesture-required` (docs/display.md): `ready()` tells the caller
 * when the audio context is still suspended, so the board can ask for one tap instead.
 */
import type { Lang } from '@callboard/hub/client';
import type { Announcement, AnnouncementPart } from './announcement';

export interface VoicePack {
  v: 1;
  segments: Record<string, string>;
}

/** Silence between segments of one sentence, after the chime, and between sentences (seconds). */
const SEGMENT_GAP = 0.03;
const AFTER_CHIME = 0.25;
const BETWEEN_SENTENCES = 0.6;
const RESUME_WAIT_MS = 300;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SegmentPlayer {
  readonly #base: string;
  #ctx: AudioContext | null = null;
  #pack: Promise<VoicePack> | null = null;
  readonly #buffers = new Map<string, Promise<AudioBuffer>>();
  #closed = false;

  /** `base`: the URL of the pack's directory, ending in `/` (e.g. `/display/voice/`). */
  constructor(base: string) {
    this.#base = base;
  }

  /** The segment ids the pack has (fetched once; retried after a failure). */
  async available(): Promise<Set<string>> {
    return new Set(Object.keys((await this.#loadPack()).segments));
  }

  /** True when sound can play now; tries to resume a suspended context first. */
  async ready(): Promise<boolean> {
    if (this.#closed) return false;
    this.#ctx ??= new AudioContext({ latencyHint: 'playback' });
    const ctx = this.#ctx;
    if (ctx.state === 'running') return true;
    await Promise.race([ctx.resume().catch(() => {}), sleep(RESUME_WAIT_MS)]);
    // Read again: the state changes while we wait (TypeScript narrowed it above).
    return (ctx.state as AudioContextState) === 'running';
  }

  /** Call from a click/tap handler: a gesture lets a suspended context start. */
  unlock(): void {
    this.#ctx ??= new AudioContext({ latencyHint: 'playback' });
    void this.#ctx.resume().catch(() => {});
  }

  /** Plays the whole announcement; resolves when the last sound has ended. */
  async play(announcement: Announcement, onPart?: (part: AnnouncementPart) => void): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx) throw new Error('call ready() first');
    const pack = await this.#loadPack();
    // Decode everything first, so that a slow fetch never opens a gap in the middle.
    const parts = await Promise.all(
      announcement.parts.map(async (part) => ({
        part,
        buffers: await Promise.all(part.ids.map((id) => this.#buffer(id, pack))),
      })),
    );
    for (const [i, { part, buffers }] of parts.entries()) {
      if (this.#closed) return;
      onPart?.(part);
      if (part.missing.length > 0 && part.lang && hasSpeechVoice(part.lang)) await speak(part.say ?? part.text, part.lang);
      else await this.#playBuffers(ctx, buffers);
      if (i < parts.length - 1) await sleep((part.lang === null ? AFTER_CHIME : BETWEEN_SENTENCES) * 1000);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#buffers.clear();
    await this.#ctx?.close().catch(() => {});
    this.#ctx = null;
  }

  #loadPack(): Promise<VoicePack> {
    this.#pack ??= fetch(`${this.#base}pack.json`)
      .then(async (res) => {
        if (!res.ok) throw new Error(`voice pack: HTTP ${res.status}`);
        const pack = (await res.json()) as VoicePack;
        if (pack?.v !== 1 || typeof pack.segments !== 'object') throw new Error('voice pack: not a v1 pack.json');
        return pack;
      })
      .catch((err: unknown) => {
        this.#pack = null; // try again next time
        throw err;
      });
    return this.#pack;
  }

  #buffer(id: string, pack: VoicePack): Promise<AudioBuffer> {
    let buffer = this.#buffers.get(id);
    if (!buffer) {
      const file = pack.segments[id];
      const ctx = this.#ctx;
      if (!file || !ctx) return Promise.reject(new Error(`voice pack has no segment ${id}`));
      buffer = fetch(new URL(file, new URL(this.#base, location.href)))
        .then(async (res) => {
          if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
          return ctx.decodeAudioData(await res.arrayBuffer());
        })
        .catch((err: unknown) => {
          this.#buffers.delete(id);
          throw err;
        });
      this.#buffers.set(id, buffer);
    }
    return buffer;
  }

  /** Schedules the buffers back to back and waits for the last one to end. */
  #playBuffers(ctx: AudioContext, buffers: AudioBuffer[]): Promise<void> {
    if (buffers.length === 0) return Promise.resolve();
    let at = ctx.currentTime + 0.02;
    let last: AudioBufferSourceNode | null = null;
    for (const buffer of buffers) {
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      source.start(at);
      at += buffer.duration + SEGMENT_GAP;
      last = source;
    }
    const total = at - ctx.currentTime;
    return new Promise<void>((resolve) => {
      // `ended` is the signal; the timer only guards against a context suspended mid-way.
      const guard = setTimeout(resolve, total * 1000 + 2000);
      (last as AudioBufferSourceNode).onended = () => {
        clearTimeout(guard);
        resolve();
      };
    });
  }
}

function hasSpeechVoice(lang: Lang): boolean {
  if (typeof speechSynthesis === 'undefined') return false;
  return speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith(lang));
}

function speak(text: string, lang: Lang): Promise<void> {
  return new Promise<void>((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang === 'zh' ? 'zh-CN' : 'en-GB';
    utterance.rate = 0.9;
    const guard = setTimeout(resolve, 20_000);
    utterance.onend = utterance.onerror = () => {
      clearTimeout(guard);
      resolve();
    };
    speechSynthesis.speak(utterance);
  });
}
