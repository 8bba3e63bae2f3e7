#!/usr/bin/env node
// Runs the compiled hub (hub/dist/callboard.mjs, written by `npm run build`) when it was built
// from the sources now on disk (a hash, see freshness.mjs); otherwise — a fresh clone, a source
// edited since the build, or CALLBOARD_FROM_SOURCE=1 — the TypeScript sources through tsx's
// loader, as before. Same code either way; the bundle saves tsx's loader thread (≈ 35 MB of RSS).
// First: on a too-old Node, name the version needed instead of crashing inside a dependency.
import './node-check.mjs';
import { pathToFileURL } from 'node:url';
import { freshBundle } from './freshness.mjs';

const bundle = process.env.CALLBOARD_FROM_SOURCE ? null : freshBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
