/**
 * A ticket as a screen shows it (docs/queue-policy.md "Names on screens"): the number, the
 * visitor's masked name instead (`nameOnly`), or the number with the masked name beside it. The
 * hub sends `name` only for services that show names, and only ever masked (张*三).
 */
export interface ShownTicket {
  number: string;
  name?: string | undefined;
  nameOnly?: boolean | undefined;
}

/** The large text: the number, or the masked name when the service shows the name only. */
export function mainLabel(t: ShownTicket): string {
  return t.nameOnly && t.name ? t.name : t.number;
}

/** The smaller text under it: the masked name when it is shown with the number; else nothing. */
export function subLabel(t: ShownTicket): string | null {
  return t.name && !t.nameOnly ? t.name : null;
}
