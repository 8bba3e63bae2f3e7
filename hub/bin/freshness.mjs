// Shared by the launcher (callboard.mjs) and the build (scripts/build.mjs): where the compiled
// hub lives and whether it was built from exactly the sources now on disk. A content hash, not
// mtimes: a release unpacked with old mtimes over an older build must not run the old build.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HUB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(HUB, 'dist/callboard.mjs');
const STAMP = '// callboard-sources: ';

/** SHA-256 over hub/src (every file, by relative path), the build script and package.json. */
export function sourceHash() {
  const hash = createHash('sha256');
  const add = (rel) =>
    hash
      .update(`${rel}\0`)
      .update(readFileSync(path.join(HUB, rel)))
      .update('\0');
  const walk = (rel) => {
    const entries = readdirSync(path.join(HUB, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) (e.isDirectory() ? walk : add)(path.posix.join(rel, e.name));
  };
  walk('src');
  add('scripts/build.mjs');
  add('package.json');
  return hash.digest('hex');
}

/** First line of a bundle built from sources with this hash. */
export const stampLine = (hash) => `${STAMP}${hash}`;

/** The bundle, if it was built from the sources now on disk; null means: run the sources through tsx. */
export function freshBundle() {
  let head;
  try {
    const fd = openSync(BUNDLE, 'r');
    try {
      const buf = Buffer.alloc(STAMP.length + 64);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // not built (a fresh clone) or unreadable
  }
  return head === stampLine(sourceHash()) ? BUNDLE : null;
}
