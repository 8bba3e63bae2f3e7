import type { HubClient, IssuedTicket, Lang, Localized } from '@callboard/hub/client';
import { createContext } from 'svelte';
import { issueErrorKey } from './errors';
import type { MessageKey } from './messages';
import { ServiceTiles } from './services.svelte';
import type { Tile } from './tiles';

export interface IssuedForVisitor {
  ticket: IssuedTicket;
  serviceName: Localized;
}

/** The state of one kiosk screen: the visitor's choices, the tiles, the ticket just issued. */
export class Kiosk {
  readonly hub: HubClient;
  readonly services: ServiceTiles;
  lang = $state<Lang>('zh');
  largeText = $state(false);
  /** Id of the service whose ticket is being issued; taps are ignored meanwhile. */
  issuing = $state<string | null>(null);
  error = $state<MessageKey | null>(null);
  issued = $state.raw<IssuedForVisitor | null>(null);

  constructor(hub: HubClient) {
    this.hub = hub;
    this.services = new ServiceTiles(hub);
  }

  /** Issues a ticket for `tile`; true when there is a ticket to show. */
  async issue(tile: Tile): Promise<boolean> {
    if (this.issuing !== null) return false;
    this.issuing = tile.id;
    this.error = null;
    try {
      const ticket = await this.hub.issueTicket({ serviceId: tile.id, lang: this.lang });
      this.issued = { ticket, serviceName: tile.name };
      return true;
    } catch (err) {
      this.error = issueErrorKey(err);
      return false;
    } finally {
      this.issuing = null;
    }
  }

  /** Ready for the next visitor: default language and text size, fresh counts. */
  reset(): void {
    this.issued = null;
    this.error = null;
    this.lang = 'zh';
    this.largeText = false;
    void this.services.refresh();
  }
}

export const [getKiosk, setKiosk] = createContext<Kiosk>();
