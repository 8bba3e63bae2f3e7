#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (no separate build step for the bridge).
// First: on a too-old Node, name the version needed instead of crashing inside a dependency.
import '../../hub/bin/node-check.mjs';
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
