#!/usr/bin/env node
// `npm run build -w hub`: bundles the hub's TypeScript sources (hub/src, entry cli.ts) into one
// ES module, hub/dist/callboard.mjs, that `hub/bin/callboard.mjs` runs with plain Node. Packages
// stay external (loaded from node_modules as before); the transform is esbuild's, the same one
// tsx applies at run time, so the code that runs is the same, minus tsx's loader thread (≈ 35 MB
// of RSS) and the per-start transform of every file.
//
// Its first line is a hash of the sources taken *before* bundling, so a source saved during
// the build makes the bundle stale at once: the launcher then runs the sources instead.
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE, sourceHash, stampLine } from '../bin/freshness.mjs';

const hub = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hash = sourceHash();
const tmp = `${BUNDLE}.${process.pid}.tmp`;
try {
  await build({
    entryPoints: [path.join(hub, 'src/cli.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: stampLine(hash) },
  });
  renameSync(tmp, BUNDLE); // atomic: a hub starting now sees the old bundle or the new one
} catch (err) {
  rmSync(tmp, { force: true });
  throw err;
}
process.stdout.write(`hub bundled into ${path.relative(process.cwd(), BUNDLE) || BUNDLE}\n`);
