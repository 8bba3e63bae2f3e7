/**
 * Names on screens (docs/queue-policy.md "Names on screens", docs/personal-data.md "Masked names"):
 * the masked name (张*三) read from a visitor's ID card at check-in, by ticket, for the day only.
 * Held in memory and nowhere else — never in the store, the audit log, a log line or a backup — and
 * dropped when the business day rolls over (and by a restart: the screens then show the number).
 * The clear name never reaches the hub: the bridge masks it (firmware-bridge/src/adapters/idcard.ts).
 * Also the display names of staff for room screens (the doctor in the room), from the staff list.
 */
import { type NamesOnScreens, shownName, type Ticket } from '../protocol';

export class ScreenNames {
  private readonly byTicket = new Map<string, string>();
  private day = '';
  /** Display name of a staff member (set by the app once the staff accounts are loaded). */
  staffName: (staffId: string) => string | undefined = () => undefined;

  /** Keeps the masked name of this ticket's visitor for `day` (a name of another day is refused). */
  remember(ticketId: string, masked: string, day: string): void {
    if (!masked.includes('*')) return; // a clear name is never kept
    if (day !== this.day) this.forgetAll(day);
    this.byTicket.set(ticketId, masked);
  }

  /** The masked name of a ticket's visitor (a transfer's continuation keeps its visitor's). */
  of(t: Pick<Ticket, 'id' | 'transferredFrom'>): string | undefined {
    return this.byTicket.get(t.id) ?? (t.transferredFrom ? this.byTicket.get(t.transferredFrom) : undefined);
  }

  /** What a screen shows for this ticket under its service's setting (nothing extra: number only). */
  shown(t: Pick<Ticket, 'id' | 'transferredFrom'>, mode: NamesOnScreens | undefined): { name?: string; nameOnly?: boolean } {
    return shownName(mode, mode && mode !== 'number' ? this.of(t) : undefined);
  }

  /** The day rolled over: every name goes. */
  forgetAll(day: string): void {
    this.byTicket.clear();
    this.day = day;
  }

  get size(): number {
    return this.byTicket.size;
  }
}
