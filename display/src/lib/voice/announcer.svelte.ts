/**
 * The board's voice: calls go into the announcement queue, which plays them one by one through
 * the segment player. Reactive state for the screen: the sentence being spoken (for the
 * aria-live region), how many announcements were played, and whether the browser blocks sound.
 */
import type { CallMessage, Lang } from '@callboard/hub/client';
import { announcementKey, renderAnnouncement } from './announcement';
import { SegmentPlayer } from './player';
import { AnnouncementQueue } from './queue';

export type VoiceState = 'off' | 'idle' | 'speaking' | 'blocked';

interface Item {
  key: string;
  call: CallMessage;
}

export class Announcer {
  /** The sentence being spoken, in its language; `null` between announcements. */
  speaking = $state<string | null>(null);
  /** The language of `speaking` (the aria-live region carries it, so a screen reader reads it by its rules). */
  speakingLang = $state<Lang | null>(null);
  /** Announcements played to the end since the screen started. */
  played = $state(0);
  /** Announcements that could not be played (sound blocked, pack missing…). */
  failed = $state(0);
  blocked = $state(false);
  readonly #langs: readonly Lang[];
  readonly #repeat: number;
  readonly #player: SegmentPlayer;
  readonly #queue: AnnouncementQueue<Item>;

  constructor(options: { langs: readonly Lang[]; repeat: number; base: string }) {
    this.#langs = options.langs;
    this.#repeat = options.repeat;
    this.#player = new SegmentPlayer(options.base);
    this.#queue = new AnnouncementQueue<Item>({
      play: (item) => this.#play(item),
      onError: (item, err) => {
        this.failed++;
        console.warn(`announcement of ${item.call.number} failed`, err);
      },
    });
  }

  get state(): VoiceState {
    if (this.#langs.length === 0) return 'off';
    if (this.blocked) return 'blocked';
    return this.speaking === null ? 'idle' : 'speaking';
  }

  /** Queues a call or recall; a redelivered one is ignored. */
  announce(call: CallMessage): void {
    if (this.#langs.length === 0) return;
    this.#queue.push({ key: announcementKey(call), call });
  }

  /** From a click or tap: lets a browser that blocks autoplay play sound from now on. */
  unlock(): void {
    this.#player.unlock();
    this.blocked = false;
  }

  stop(): void {
    this.#queue.stop();
    void this.#player.close();
  }

  async #play({ call }: Item): Promise<void> {
    const available = await this.#player.available();
    const announcement = renderAnnouncement(call, { langs: this.#langs, repeat: this.#repeat, available });
    if (!(await this.#player.ready())) {
      this.blocked = true;
      throw new Error('sound is blocked until someone taps the screen (or Chromium runs with the autoplay flag)');
    }
    this.blocked = false;
    const first = announcement.parts.find((p) => p.text);
    this.speaking = first?.text ?? announcement.number;
    this.speakingLang = first?.lang ?? null;
    try {
      await this.#player.play(announcement, (part) => {
        if (!part.text) return;
        this.speaking = part.text;
        this.speakingLang = part.lang;
      });
      this.played++;
    } finally {
      this.speaking = null;
      this.speakingLang = null;
    }
  }
}
