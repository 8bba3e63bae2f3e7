/**
 * The one reader of NeDB datafiles outside NeDB itself: one JSON document a line; a later line
 * with the same `_id` replaces an earlier one; `{$$deleted: true}` removes it; `$$indexCreated`
 * lines are index definitions. Closed days (archive/, daily_stats.db) and the schema version are
 * read this way instead of being opened with NeDB, because NeDB's load rewrites (compacts) the
 * file — a second writer racing day close or the running hub, which append through their own handle.
 */
import { readFile, stat } from 'node:fs/promises';

/** Only lines for which `keep` says yes are parsed (a cheap substring test skips most JSON.parse calls). */
export type LineFilter = (line: string) => boolean;

export async function readNedbDocs<T extends { _id: string }>(file: string, keep?: LineFilter): Promise<Map<string, T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  return parseNedb<T>(text, keep);
}

export function parseNedb<T extends { _id: string }>(text: string, keep?: LineFilter): Map<string, T> {
  const docs = new Map<string, T>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const line = text.slice(start, end);
      let doc: (T & { $$deleted?: boolean; $$indexCreated?: unknown }) | undefined;
      if (!keep || keep(line)) {
        try {
          doc = JSON.parse(line);
        } catch {
          // NeDB tolerates a torn last line after a crash; so do we.
        }
      }
      if (doc && doc.$$indexCreated === undefined && typeof doc._id === 'string') {
        if (doc.$$deleted === true) docs.delete(doc._id);
        else docs.set(doc._id, doc);
      }
    }
    start = end + 1;
  }
  return docs;
}

/** Parses a file again only when its size or modification time changed. */
export class CachedNedbFile<T extends { _id: string }> {
  private cached: { key: string; docs: Map<string, T> } | null = null;

  constructor(readonly file: string) {}

  async docs(): Promise<Map<string, T>> {
    let key: string;
    try {
      const s = await stat(this.file);
      key = `${s.size}:${s.mtimeMs}`;
    } catch {
      return new Map();
    }
    if (this.cached?.key !== key) this.cached = { key, docs: await readNedbDocs<T>(this.file) };
    return this.cached.docs;
  }
}
