import { type HubClient, LANGS, type Lang, type StaffPublic } from '@callboard/hub/client';
import { createContext } from 'svelte';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { isSignedOut, type Notice, noticeFor } from './errors';

const LANG_KEY = 'callboard.staff.lang';

function savedLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return LANGS.find((l) => l === saved) ?? 'zh';
}

/** The staff app's session: who is signed in, in which language. */
export class StaffApp {
  readonly hub: HubClient;
  lang = $state<Lang>(savedLang());
  staff = $state.raw<StaffPublic | null>(null);
  /** Why the session could not be checked (the hub is unreachable). */
  problem = $state.raw<Notice | null>(null);

  constructor(hub: HubClient) {
    this.hub = hub;
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }

  /** Picks up an existing session cookie, or sends the user to the login page. */
  async ensureSession(): Promise<void> {
    if (this.staff) return;
    this.problem = null;
    try {
      this.staff = (await this.hub.me()).staff;
    } catch (err) {
      if (isSignedOut(err)) await this.toLogin();
      else this.problem = noticeFor(err);
    }
  }

  /** Throws the ApiError (e.g. BAD_CREDENTIALS) for the login form to show. */
  async login(username: string, password: string): Promise<void> {
    this.staff = (await this.hub.login(username, password)).staff;
  }

  async logout(): Promise<void> {
    try {
      await this.hub.logout();
    } catch {
      // Signed out here either way; the cookie expires on its own.
    }
    await this.toLogin();
  }

  async toLogin(): Promise<void> {
    this.staff = null;
    await goto(resolve('/login'), { replaceState: true });
  }
}

export const [getStaffApp, setStaffApp] = createContext<StaffApp>();
