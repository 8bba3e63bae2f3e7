/**
 * Backups hold copies of the data dir, identities included: a backup made before the identity
 * boundary would bring back what retention took out. Ageing out deletes every backup file
 * (`*.cbk`) in the backup dir, its second copy and the data dir's own pre-migration backups that
 * was made before the boundary — by the date in its name when it has one, else by its time.
 * Copies taken elsewhere by hand (a USB disk in a drawer) are the site's to rotate.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { PersonalDataHolder } from './holders';

const DATED = /^callboard-(\d{4}-\d{2}-\d{2})-\d{4}\.cbk$/;

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

export function backupHolder(deps: { dirs: readonly string[] }): PersonalDataHolder {
  return {
    name: 'backups',
    async ageOut({ identityBefore, identityBeforeAt }) {
      let deleted = 0;
      for (const dir of new Set(deps.dirs)) {
        for (const name of await names(dir)) {
          if (!name.endsWith('.cbk')) continue;
          const file = path.join(dir, name);
          const day = DATED.exec(name)?.[1];
          const old = day !== undefined ? day < identityBefore : (await stat(file)).mtimeMs < identityBeforeAt;
          if (!old) continue;
          await unlink(file);
          deleted++;
        }
      }
      return { deleted };
    },
  };
}
