/** What each scenario hands back to `run.ts`: a table, target checks, notes, raw figures. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileSummary } from './profile';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export interface Check {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
  checks: Check[];
  notes: string[];
  profiles: ProfileSummary[];
  data: unknown;
}

export function writeResult(name: string, value: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/** Where `--cpu-prof` writes; one folder per scenario so the newest file is unambiguous. */
export function profileDir(name: string): string {
  const dir = path.join(RESULTS_DIR, 'profiles', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
