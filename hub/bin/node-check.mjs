// The first thing every entry point loads (npm start, the hub CLI, the bridge CLI): on a Node.js
// older than Callboard needs, say so and which one to get, instead of crashing later with a
// SyntaxError deep inside a dependency (Debian 12's Node 18 fails inside aedes). Written in
// syntax that old Node versions parse (no ?., no ??), and imports nothing but node:process.
import process from 'node:process';

/** Same as "engines" in the root package.json (a test keeps them equal). */
export const REQUIRED_NODE = '20.19.0';

/** null when `version` (e.g. "20.19.1" or "v18.19.0") is new enough, else the message to print. */
export function nodeVersionProblem(version, execPath) {
  const have = String(version).replace(/^v/, '').split('.').map(Number);
  const need = REQUIRED_NODE.split('.').map(Number);
  let older = false;
  for (let i = 0; i < 3; i++) {
    const a = have[i] || 0;
    const b = need[i] || 0;
    if (a !== b) {
      older = a < b;
      break;
    }
  }
  if (!older) return null;
  const running = String(version).replace(/^v/, '');
  const where = execPath ? ` (${execPath})` : '';
  return `Callboard needs Node.js ${REQUIRED_NODE} or later (Node 20 LTS from 20.19 on, or newer); this is Node.js ${running}${where}.
  - On a site: install the Callboard package (.deb or .tar.gz); it brings its own Node 20,
    nothing else to install (docs/operations.md).
  - From source: install Node.js 20.19 or later, e.g. the official Node 20 LTS build from
    https://nodejs.org/en/download (Debian 12 ships Node 18; Debian 13 ships Node 20),
    then run npm ci and try again. Check with: node --version
`;
}

const problem = nodeVersionProblem(process.versions.node, process.execPath);
if (problem) {
  process.stderr.write(problem);
  process.exit(1);
}
