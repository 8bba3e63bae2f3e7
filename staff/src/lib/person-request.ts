/**
 * A person's request at the staff console (supervisors; docs/personal-data.md): the person's ID
 * number or phone number, typed in, goes to the hub in a request body and is cleared from the
 * form once answered — the console keeps only the masked form. The export downloads as a JSON
 * file; erasure asks for a second click. Plain TypeScript: the page hands in its `$state` object
 * as the desk's state, so the desk's changes show, and tests hand in a plain one.
 */
import type { ErasureReply, HubClient, IdentityInput, PersonalDataExport } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';

export type PersonKind = Extract<IdentityInput['kind'], 'id-card' | 'phone'>;

/** The download's name: the masked number (no digits beyond those it shows) and the day. */
export function exportFileName(found: Pick<PersonalDataExport, 'person' | 'exportedAt'>): string {
  const who = found.person.masked.replace(/[^0-9A-Za-z]/g, '_');
  return `personal-data-${who}-${new Date(found.exportedAt).toISOString().slice(0, 10)}.json`;
}

export interface DeskState {
  kind: PersonKind;
  value: string;
  found: PersonalDataExport | null;
  erased: ErasureReply | null;
  notice: Notice | null;
  busy: boolean;
  /** Erasure asked once: the next click erases. */
  confirming: boolean;
}

export function newDeskState(): DeskState {
  return { kind: 'id-card', value: '', found: null, erased: null, notice: null, busy: false, confirming: false };
}

export class PersonRequestDesk {
  #asked: IdentityInput | null = null;

  constructor(
    private readonly hub: Pick<HubClient, 'exportPersonalData' | 'erasePersonalData'>,
    private readonly signedOut: () => Promise<void>,
    readonly s: DeskState = newDeskState(),
  ) {}

  get canSearch(): boolean {
    return !this.s.busy && this.s.value.trim().length > 0;
  }

  async search(): Promise<void> {
    const identity = { kind: this.s.kind, value: this.s.value.trim() };
    await this.#run(async () => {
      this.s.found = await this.hub.exportPersonalData(identity);
      this.s.erased = null;
      this.#asked = identity;
      // The number has done its work: the form keeps nothing of it.
      this.s.value = '';
    });
  }

  async erase(): Promise<void> {
    if (!this.#asked) return;
    if (!this.s.confirming) {
      this.s.confirming = true;
      return;
    }
    const identity = this.#asked;
    await this.#run(async () => {
      this.s.erased = await this.hub.erasePersonalData(identity);
      this.s.found = null;
      this.#asked = null;
    });
  }

  /** The export as a file's name and text (the page turns it into a download). */
  download(): { name: string; text: string } | null {
    const found = this.s.found;
    return found ? { name: exportFileName(found), text: `${JSON.stringify(found, null, 2)}\n` } : null;
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.s.busy = true;
    this.s.notice = null;
    try {
      await fn();
    } catch (err) {
      if (isSignedOut(err)) await this.signedOut();
      else this.s.notice = noticeFor(err);
    } finally {
      this.s.busy = false;
      this.s.confirming = false;
    }
  }
}
