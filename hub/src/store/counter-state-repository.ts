/** Each counter's saved state (counters.db): open, paused or closed, who is signed in, its ticket. */
import type { CounterStateDoc, Store } from './store';

export type { CounterStateDoc };

export class CounterStateRepository {
  constructor(private readonly store: Store) {}

  all(): Promise<CounterStateDoc[]> {
    return this.store.counters.findAsync({});
  }

  /** Resolves once the counter's state is appended to counters.db. */
  async save(state: CounterStateDoc): Promise<void> {
    await this.store.counters.updateAsync({ _id: state._id }, state, { upsert: true });
  }
}
