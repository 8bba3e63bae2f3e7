import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../protocol';
import { StorageMonitor } from './storage-monitor';

const full = () => new CallboardError('STORAGE_FULL', 'disk full');

describe('storage monitor', () => {
  it('is low below the threshold and ok above it', async () => {
    expect((await new StorageMonitor(tmpdir(), Number.MAX_SAFE_INTEGER).check()).status).toBe('low');
    const state = await new StorageMonitor(tmpdir(), 1).check();
    expect(state.status).toBe('ok');
    expect(state.freeBytes).toBeGreaterThan(0);
  });

  it('stays full while only other files take writes, and recovers once the failed file does', async () => {
    const m = new StorageMonitor(tmpdir(), 1);
    m.failed('/data/tickets.db', full());
    await m.check();
    expect(m.state()).toMatchObject({ status: 'full', failure: { code: 'STORAGE_FULL', file: 'tickets.db' } });
    m.written('/data/counters.db'); // a small record still fitted
    expect((await m.check()).status).toBe('full');
    m.written('/data/tickets.db');
    expect((await m.check()).status).toBe('ok');
  });

  it('reports other write errors as failed', async () => {
    const m = new StorageMonitor(tmpdir(), 1);
    m.failed('/data/audit.db', new CallboardError('STORAGE_FAILED', 'EIO'));
    expect((await m.check()).status).toBe('failed');
  });
});
