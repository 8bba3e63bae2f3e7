/** The hub the fuzz runs against: the demo site, with the ticket limit lifted so that issue requests reach the handler. */
import { startTestHub } from '../support/hub';

export const fuzzHubPatch = (raw: any) => {
  // Login keeps its real limit (20/min): the fuzz then also sees 429s there.
  raw.rateLimit = { ...raw.rateLimit, ticketsPerMinutePerClient: 1_000_000 };
  raw.issuing = { ...raw.issuing, anonymousPerServicePerHour: 1_000_000, anonymousPerAddressPerHour: 1_000_000 };
  raw.backup = { enabled: false };
};

export const startFuzzHub = () => startTestHub({ patch: fuzzHubPatch });
