/**
 * External programs some tests need (mosquitto, chromium, socat). `.ci/run` installs them; on
 * a developer machine without them the test is skipped with a message saying what is missing
 * and how to get it. In CI (CI=1) a missing tool is a failure, never a silent skip.
 */
import { execFileSync } from 'node:child_process';

export function findTool(name: string, candidates: string[] = []): string | null {
  for (const c of candidates) {
    try {
      execFileSync('test', ['-x', c]);
      return c;
    } catch {
      // try the next one
    }
  }
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Returns the tool's path, or null after printing why the calling test is skipped. */
export function toolOrSkip(name: string, debianPackage: string, candidates: string[] = []): string | null {
  const path = findTool(name, candidates);
  if (path) return path;
  const why = `${name} not found: install the Debian package "${debianPackage}" (.ci/run does) to run this test`;
  if (process.env.CI) throw new Error(`CI requires ${name}: ${why}`);
  console.warn(`SKIPPED: ${why}`);
  return null;
}
