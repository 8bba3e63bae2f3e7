/**
 * A person's request at the staff console (supervisors; docs/personal-data.md): the person's ID
 * number or phone number, typed in, goes to the hub in a request body and is cleared from the
 * form once answered — the console keeps only the masked form. The export downloads as a JSON
 * file; erasure asks for a second click. Plain TypeScript: the page hands in its `$state` object
 * as the desk's state, so the desk's changes show, and tests hand in a plain one.
 */
import type { DeviceView, ErasureReply, HubClient, IdentityInput, PersonalDataExport, PersonBody } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';

export type PersonKind = Extract<IdentityInput['kind'], 'id-card' | 'phone'>;

/** The download's name: the masked number (no digits beyond those it shows) and the day. */
export function exportFileName(found: Pick<PersonalDataExport, 'person' | 'exportedAt'>): string {
  const who = found.person.masked.replace(/[^0-9A-Za-z]/g, '_');
  return `personal-data-${who}-${new Date(found.exportedAt).toISOString().slice(0, 10)}.json`;
}

export interface DeskState {
  /** Bridges with an ID card reader, and the one the person uses; `reading` while it waits for the card. */
  readers: { id: string; name: string }[];
  reader: string;
  reading: boolean;
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
  return {
    readers: [],
    reader: '',
    reading: false,
    kind: 'id-card',
    value: '',
    found: null,
    erased: null,
    notice: null,
    busy: false,
    confirming: false,
  };
}

/** The devices a person can present their ID card at. */
export function cardReaders(devices: readonly DeviceView[]): { id: string; name: string }[] {
  return devices.filter((d) => d.peripherals.some((p) => p.kind === 'idcard-sam')).map((d) => ({ id: d.id, name: d.name }));
}

export class PersonRequestDesk {
  #asked: PersonBody | null = null;

  constructor(
    private readonly hub: Pick<HubClient, 'exportPersonalData' | 'erasePersonalData' | 'devices' | 'armCardReader' | 'cardRead'>,
    private readonly signedOut: () => Promise<void>,
    readonly s: DeskState = newDeskState(),
    private readonly pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {}

  async loadReaders(): Promise<void> {
    await this.#run(async () => {
      this.s.readers = cardReaders(await this.hub.devices());
      if (!this.s.readers.some((r) => r.id === this.s.reader)) this.s.reader = this.s.readers[0]?.id ?? '';
    });
  }

  /** Arms the chosen reader, waits (up to its minute) for the person's card, then searches with it. */
  async readCard(): Promise<void> {
    if (!this.s.reader || this.s.reading) return;
    this.s.reading = true;
    try {
      let readId = '';
      await this.#run(async () => {
        readId = (await this.hub.armCardReader(this.s.reader)).readId;
      });
      while (readId && this.s.reading) {
        await this.pause(400);
        const read = await this.hub.cardRead(readId).catch(() => null);
        if (read?.state === 'read') {
          await this.#search({ cardRead: readId });
          return;
        }
        if (read?.state === 'expired') {
          this.s.notice = { tone: 'error', key: 'cardReadExpired' };
          return;
        }
      }
    } finally {
      this.s.reading = false;
    }
  }

  get canSearch(): boolean {
    return !this.s.busy && this.s.value.trim().length > 0;
  }

  search(): Promise<void> {
    return this.#search({ identity: { kind: this.s.kind, value: this.s.value.trim() } });
  }

  async #search(person: PersonBody): Promise<void> {
    await this.#run(async () => {
      this.s.found = await this.hub.exportPersonalData(person);
      this.s.erased = null;
      this.#asked = person;
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
    const person = this.#asked;
    await this.#run(async () => {
      this.s.erased = await this.hub.erasePersonalData(person);
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
