import { describe, expect, it } from 'vitest';
import { Teardown } from './teardown';

describe('Teardown', () => {
  it('stops parts newest first, once, and goes on past a part that fails', async () => {
    const order: string[] = [];
    const errors: string[] = [];
    const t = new Teardown({ error: (o) => errors.push((o as { part: string }).part) });
    t.add('store', () => order.push('store'));
    t.add('broker', async () => {
      order.push('broker');
      throw new Error('already gone');
    });
    t.add('http', async () => order.push('http'));
    await Promise.all([t.run(), t.run()]);
    await t.run();
    expect(order).toEqual(['http', 'broker', 'store']);
    expect(errors).toEqual(['broker']);
  });
});
