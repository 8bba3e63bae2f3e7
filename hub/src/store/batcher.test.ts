import { describe, expect, it, vi } from 'vitest';
import { InsertBatcher } from './batcher';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A write whose every call is recorded and left pending until the test settles it. */
function controlledWrite<T>() {
  const calls: { docs: T[]; done: Deferred }[] = [];
  const write = (docs: T[]) => {
    const done = deferred();
    calls.push({ docs: [...docs], done });
    return done.promise;
  };
  return { calls, write };
}

/** Lets queued immediates and microtasks run. */
const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

/** Tracks whether a promise has settled, and how. */
function track(p: Promise<unknown>) {
  const state = { settled: false, ok: false, error: undefined as unknown };
  p.then(
    () => Object.assign(state, { settled: true, ok: true }),
    (err) => Object.assign(state, { settled: true, ok: false, error: err }),
  );
  return state;
}

describe('InsertBatcher', () => {
  it('groups every add of one tick into a single write, in order', async () => {
    const { calls, write } = controlledWrite<number>();
    const batcher = new InsertBatcher(write);
    const docs = Array.from({ length: 250 }, (_, i) => i);
    const promises = docs.map((d) => batcher.add(d));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.docs).toEqual(docs);
    calls[0]?.done.resolve();
    await Promise.all(promises);
  });

  it('does not write synchronously inside add', () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    void batcher.add('a');
    expect(calls).toHaveLength(0);
  });

  it('settles each promise only after the write holding its document has resolved', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    const states = ['a', 'b', 'c'].map((d) => track(batcher.add(d)));
    await settle();
    expect(calls).toHaveLength(1);
    expect(states.some((s) => s.settled)).toBe(false);
    calls[0]?.done.resolve();
    await settle();
    expect(states.every((s) => s.settled && s.ok)).toBe(true);
  });

  it('adds in a later tick form a later batch, written only after the earlier one completes', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    const first = ['a', 'b'].map((d) => track(batcher.add(d)));
    await settle();
    const second = ['c'].map((d) => track(batcher.add(d)));
    await settle();
    // The first batch is still being written: the second must wait its turn.
    expect(calls.map((c) => c.docs)).toEqual([['a', 'b']]);
    calls[0]?.done.resolve();
    await settle();
    expect(first.every((s) => s.ok)).toBe(true);
    expect(second.some((s) => s.settled)).toBe(false);
    expect(calls.map((c) => c.docs)).toEqual([['a', 'b'], ['c']]);
    calls[1]?.done.resolve();
    await settle();
    expect(second.every((s) => s.ok)).toBe(true);
  });

  it('group commit: adds of several ticks during one write go out together as the next single write', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    const first = track(batcher.add('a'));
    await settle();
    const later: ReturnType<typeof track>[] = [];
    for (const d of ['b', 'c', 'd']) {
      later.push(track(batcher.add(d)));
      await settle(); // a new tick for each: without group commit, three more writes would queue
    }
    expect(calls.map((c) => c.docs)).toEqual([['a']]);
    calls[0]?.done.resolve();
    await settle();
    expect(first.ok).toBe(true);
    expect(calls.map((c) => c.docs)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(later.some((s) => s.settled)).toBe(false);
    calls[1]?.done.resolve();
    await settle();
    expect(later.every((s) => s.ok)).toBe(true);
  });

  it('a failing write rejects every promise of its batch, and the next batch still works', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    const failed = ['a', 'b', 'c'].map((d) => track(batcher.add(d)));
    await settle();
    const boom = new Error('disk full');
    calls[0]?.done.reject(boom);
    await settle();
    for (const s of failed) {
      expect(s.settled).toBe(true);
      expect(s.ok).toBe(false);
      expect(s.error).toBe(boom);
    }
    const next = ['d', 'e'].map((d) => track(batcher.add(d)));
    await settle();
    expect(calls.map((c) => c.docs)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    calls[1]?.done.resolve();
    await settle();
    expect(next.every((s) => s.ok)).toBe(true);
  });

  it('a write that throws synchronously rejects its batch without breaking the batcher', async () => {
    let fail = true;
    const written: string[][] = [];
    const batcher = new InsertBatcher<string>((docs) => {
      if (fail) throw new Error('sync failure');
      written.push(docs);
      return Promise.resolve();
    });
    await expect(batcher.add('x')).rejects.toThrow('sync failure');
    fail = false;
    await expect(batcher.add('y')).resolves.toBeUndefined();
    expect(written).toEqual([['y']]);
  });

  it('drain() waits until everything added so far is written', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    void batcher.add('a');
    await settle();
    void batcher.add('b'); // second batch, not yet scheduled to write
    const drained = track(batcher.drain());
    await settle();
    expect(drained.settled).toBe(false);
    calls[0]?.done.resolve();
    await settle();
    expect(calls).toHaveLength(2);
    expect(drained.settled).toBe(false);
    calls[1]?.done.resolve();
    await settle();
    expect(drained.settled && drained.ok).toBe(true);
  });

  it('drain() resolves after a failed batch too, and at once when idle', async () => {
    const { calls, write } = controlledWrite<string>();
    const batcher = new InsertBatcher(write);
    await batcher.drain();
    const p = batcher.add('a').catch(() => 'rejected');
    const drained = track(batcher.drain());
    await settle();
    calls[0]?.done.reject(new Error('nope'));
    await settle();
    expect(drained.ok).toBe(true);
    expect(await p).toBe('rejected');
  });

  it('schedules one flush per batch: none per extra add, none after a write with nothing waiting', async () => {
    const { calls, write } = controlledWrite<number>();
    const batcher = new InsertBatcher(write);
    const spy = vi.spyOn(globalThis, 'setImmediate');
    try {
      const first = Array.from({ length: 50 }, (_, i) => batcher.add(i));
      expect(spy).toHaveBeenCalledTimes(1);
      await settle();
      spy.mockClear();
      // Adds during the write wait without scheduling anything; the write's end schedules them once.
      const second = Array.from({ length: 20 }, (_, i) => batcher.add(100 + i));
      expect(spy).not.toHaveBeenCalled();
      calls[0]?.done.resolve();
      await Promise.all(first);
      await new Promise((r) => process.nextTick(r));
      expect(spy).toHaveBeenCalledTimes(1);
      await settle();
      expect(calls.map((c) => c.docs.length)).toEqual([50, 20]);
      // The last write ends with nothing waiting: no further flush is scheduled.
      spy.mockClear();
      calls[1]?.done.resolve();
      await Promise.all(second);
      await new Promise((r) => process.nextTick(r));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
