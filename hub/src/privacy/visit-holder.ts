/**
 * Visits: tickets carry the visitor's identity (keyed hash + masked form) while they are in the
 * hot store and in `archive/YYYY-MM-DD.db`, and the reports' visit index
 * (`analytics/visits/YYYY-MM-DD.cbv`) carries a 52-bit prefix of the hash and the masked form.
 * Ageing out takes the identity off every ticket of an old day and writes the day's index again
 * from the anonymous tickets (it then holds no rows: an anonymous ticket is no visit to match).
 * Ratings, waits, outcomes and counts stay, so KPI reports over those days are unchanged.
 */
import { writeDayFiles } from '../analytics/history/day-files';
import type { Ticket } from '../protocol';
import type { ArchiveReader, TicketRepository } from '../store';
import { rewriteArchivedDay } from '../store';
import { addDays } from '../time';
import { ticketWithoutIdentity } from './anonymise';
import type { PersonalDataHolder } from './holders';

/** The earliest date an archive can hold (the reader wants a range). */
const BEGINNING = '0000-01-01';

/** The queue's own day (its tickets are in memory): the person's tickets, and their erasure. */
export interface LiveTickets {
  readonly businessDate: string;
  ticketsOfIdentity(hmac: string): Ticket[];
  forgetIdentity(hmac: string): Promise<number>;
}

export function visitHolder(deps: {
  dataDir: string;
  archive: ArchiveReader;
  tickets: TicketRepository;
  live?: LiveTickets;
}): PersonalDataHolder {
  const today = () => deps.live?.businessDate ?? '9999-12-31';
  return {
    name: 'visits',
    async ageOut({ identityBefore }) {
      let tickets = await deps.tickets.forgetIdentitiesBefore(identityBefore);
      let days = 0;
      for (const date of await deps.archive.archivedDays(BEGINNING, addDays(identityBefore, -1))) {
        const day = await rewriteArchivedDay(deps.dataDir, date, ticketWithoutIdentity, { onlyIfContains: '"identity"' });
        if (day.changed === 0) continue;
        await writeDayFiles(deps.dataDir, date, day.tickets);
        tickets += day.changed;
        days++;
      }
      return { tickets, days };
    },

    async find(hmac) {
      const found = new Map<string, Ticket>();
      for (const t of await deps.archive.ticketsOfIdentity(hmac, BEGINNING, today())) found.set(t.id, t);
      for (const t of await deps.tickets.ofIdentityBefore(hmac, today())) found.set(t.id, t);
      for (const t of deps.live?.ticketsOfIdentity(hmac) ?? []) found.set(t.id, t);
      return { visits: [...found.values()].sort((a, b) => a.issuedAt - b.issuedAt) };
    },

    async erase(hmac) {
      const forget = (t: Ticket) => (t.identity?.hmac === hmac ? ticketWithoutIdentity(t) : undefined);
      let tickets = (await deps.live?.forgetIdentity(hmac)) ?? 0;
      tickets += await deps.tickets.forgetIdentityBefore(hmac, today());
      let days = 0;
      for (const date of await deps.archive.archivedDays(BEGINNING, today())) {
        const day = await rewriteArchivedDay(deps.dataDir, date, forget, { onlyIfContains: hmac });
        if (day.changed === 0) continue;
        await writeDayFiles(deps.dataDir, date, day.tickets);
        tickets += day.changed;
        days++;
      }
      return { tickets, days };
    },
  };
}
