/**
 * Rewriting a closed day: the one way an archived day's file changes after day close. Used to
 * take personal data out of old days (retention, a person's erasure): every ticket goes through
 * `change`, and when any changed the whole file is written anew through a temporary file and a
 * durable rename, so a reader (reports, backups) sees the old day or the new one, whole — and no
 * superseded line keeps the old values on disk, as an appended update would.
 */
import { readFile } from 'node:fs/promises';
import { writeFileDurably } from '../fs/durable-file';
import type { Ticket } from '../protocol';
import { archiveFile } from './archive-reader';
import { parseNedb } from './nedb-file';

/** The new form of a ticket, or `undefined` to leave it as it is. */
export type TicketChange = (ticket: Ticket) => Ticket | undefined;

/**
 * Applies `change` to every ticket of an archived day; returns the tickets of the day as they now
 * are and how many changed (0: the file was not touched). A missing day is no tickets. With
 * `onlyIfContains`, a file without that text is skipped unparsed (a nightly run over a year of
 * days that were done before costs one read each, not one JSON.parse per ticket).
 */
export async function rewriteArchivedDay(
  dataDir: string,
  date: string,
  change: TicketChange,
  { onlyIfContains }: { onlyIfContains?: string } = {},
): Promise<{ changed: number; tickets: Ticket[] }> {
  const file = archiveFile(dataDir, date);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { changed: 0, tickets: [] };
    throw err;
  }
  if (onlyIfContains !== undefined && !text.includes(onlyIfContains)) return { changed: 0, tickets: [] };
  const docs = parseNedb<Ticket & { _id: string }>(text);
  let changed = 0;
  const after: (Ticket & { _id: string })[] = [];
  for (const doc of docs.values()) {
    const next = change(doc);
    if (next) changed++;
    after.push(next ? { ...next, _id: doc._id } : doc);
  }
  if (changed > 0) await writeFileDurably(file, after.map((d) => `${JSON.stringify(d)}\n`).join(''), 0o600);
  return { changed, tickets: after.map(({ _id, ...t }) => t as Ticket) };
}
