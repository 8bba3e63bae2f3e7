import { type CentralSiteDetail, type CentralSitesReply, centralSite, centralSites } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

/** How often the central console refreshes (the sites' heartbeats come every few seconds). */
const CENTRAL_POLL_MS = 1000;

/** The head-office console: every site's live status, or one site's detail, polled while shown. */
export class CentralView {
  readonly #app: StaffApp;
  sites = $state.raw<CentralSitesReply | null>(null);
  detail = $state.raw<CentralSiteDetail | null>(null);
  /** This hub is not a central console (404 on the central routes). */
  off = $state(false);
  notice = $state.raw<Notice | null>(null);

  constructor(app: StaffApp) {
    this.#app = app;
  }

  /** Polls every site, or only `siteId`'s detail; returns the stop function (for an $effect). */
  start(siteId?: string): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await this.refresh(siteId);
      if (!stopped && !this.off) timer = setTimeout(tick, CENTRAL_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  async refresh(siteId?: string): Promise<void> {
    try {
      if (siteId) this.detail = await centralSite(this.#app.hub, siteId);
      else this.sites = await centralSites(this.#app.hub);
      this.notice = null;
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
      else if ((err as { status?: number }).status === 404 && !siteId) this.off = true;
      else this.notice = noticeFor(err);
    }
  }
}
