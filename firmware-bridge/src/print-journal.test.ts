import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log';
import { KEEP_REPORTED_MS, PrintJournal, RESTARTED_BEFORE_PRINTING, RESTARTED_WHILE_SENDING } from './print-journal';

const log = createLogger('journal-test');
const dirs: string[] = [];
const journalFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-journal-'));
  dirs.push(dir);
  return path.join(dir, 'state', 'print-jobs-bridge-1.json');
};

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('print journal', () => {
  it('reports jobs a killed bridge had taken on as failed after the restart, with why', () => {
    const file = journalFile();
    const before = new PrintJournal(file, log);
    before.received('job-not-started', 'printer');
    before.received('job-on-the-wire', 'printer');
    before.sending('job-on-the-wire');
    before.received('job-printed', 'printer');
    before.sending('job-printed');
    before.done('job-printed', true);
    before.received('job-reported', 'printer');
    before.done('job-reported', false, 'printer out of paper');
    before.reported('job-reported');
    // SIGKILL here: nothing else runs; the next process reads the file.
    const after = new PrintJournal(file, log);
    const out = Object.fromEntries(after.unreported().map((e) => [e.jobId, { ok: e.ok, reason: e.reason }]));
    expect(out).toEqual({
      'job-not-started': { ok: false, reason: RESTARTED_BEFORE_PRINTING },
      'job-on-the-wire': { ok: false, reason: RESTARTED_WHILE_SENDING },
      'job-printed': { ok: true, reason: undefined },
    });
    // A command the broker delivers again is recognised, reported or not.
    for (const id of ['job-not-started', 'job-on-the-wire', 'job-printed', 'job-reported']) expect(after.has(id)).toBe(true);
    expect(after.has('job-new')).toBe(false);
    after.reported('job-printed');
    expect(
      after
        .unreported()
        .map((e) => e.jobId)
        .sort(),
    ).toEqual(['job-not-started', 'job-on-the-wire']);
    expect(new PrintJournal(file, log).unreported()).toHaveLength(2);
  });

  it('keeps an outcome the hub did not acknowledge until it does, and forgets reported jobs after a while', () => {
    let t = 1_000_000;
    const j = new PrintJournal(journalFile(), log, () => t);
    j.received('a', 'printer');
    j.done('a', true);
    expect(j.unreported().map((e) => e.jobId)).toEqual(['a']);
    j.reported('a');
    expect(j.unreported()).toEqual([]);
    expect(j.has('a')).toBe(true);
    t += KEEP_REPORTED_MS + 1;
    j.received('b', 'printer');
    expect(j.has('a')).toBe(false);
  });

  it('works in memory without a state directory, and survives an unreadable file', () => {
    const mem = new PrintJournal(null, log);
    mem.received('x', 'printer');
    mem.done('x', false, 'printer offline');
    expect(mem.unreported()).toMatchObject([{ jobId: 'x', ok: false, reason: 'printer offline' }]);

    const file = journalFile();
    new PrintJournal(file, log).received('y', 'printer');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject([{ jobId: 'y', state: 'received' }]);
    writeFileSync(file, '{not json');
    expect(new PrintJournal(file, log).unreported()).toEqual([]);
  });
});
