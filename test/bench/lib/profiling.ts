/** Runs a child under `node --cpu-prof` and summarises the profile it writes on a graceful exit. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChildServer } from './hub-process';
import { type ProfileSummary, summarizeProfile } from './profile';
import { profileDir } from './report';

export function cpuProfArgs(name: string): { args: string[]; dir: string } {
  const dir = profileDir(name);
  return { args: ['--cpu-prof', `--cpu-prof-dir=${dir}`], dir };
}

/**
 * SIGTERM (the hub exits 0 and V8 writes the profile), then the main thread's profile: V8
 * writes one per thread (`CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`), and thread 0
 * is the event loop; the others are tsx's loader worker and the like.
 */
export async function stopAndSummarize(server: ChildServer, dir: string, since: number): Promise<ProfileSummary | null> {
  await server.stop('SIGTERM');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${server.pid}.0.`))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ? summarizeProfile(files[0]) : null;
}
