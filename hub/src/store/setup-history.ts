/**
 * Every set-up saved on the admin page, one version a document in DATA_DIR/setup.db (kept, so
 * the history is there and backups carry it). Appended before a version takes effect.
 */
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import type { SiteSetup } from '../protocol';
import { openDatastore } from './durable-datastore';

export interface SetupVersionDoc {
  _id: string;
  version: number;
  setup: SiteSetup;
  /** SHA-256 of the configuration file's sections when this version was saved. */
  fileHash: string;
  savedAt: number;
  savedBy: string;
}

export class SetupHistory {
  private constructor(private readonly db: Datastore<SetupVersionDoc>) {}

  static async open(dataDir: string): Promise<SetupHistory> {
    const db = openDatastore<SetupVersionDoc>(path.join(dataDir, 'setup.db'));
    await db.loadDatabaseAsync();
    return new SetupHistory(db);
  }

  /** The newest saved version, if any. */
  async latest(): Promise<SetupVersionDoc | undefined> {
    const [latest] = await this.db.findAsync({}).sort({ version: -1 }).limit(1);
    return latest;
  }

  /** Resolves once the version is appended to setup.db. */
  async append(doc: SetupVersionDoc): Promise<void> {
    await this.db.insertAsync(doc);
  }

  /** Rewrites the file without superseded lines (on shutdown; a failure only leaves it longer). */
  async close(): Promise<void> {
    await this.db.compactDatafileAsync().catch(() => undefined);
  }
}
