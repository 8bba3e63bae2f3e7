/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and says where the time went:
 * self time per function, and self/inclusive time per *area* (a package in node_modules, a
 * folder of hub/src, node internals, GC). Inclusive per area answers "how much of the run was
 * spent under NeDB", which self time alone hides.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idlePct: number;
  topFunctions: { fn: string; selfPct: number }[];
  areas: { area: string; selfPct: number; inclusivePct: number }[];
}

/** hub/src/store/store.ts → "hub/store"; …/node_modules/@seald-io/nedb/… → "@seald-io/nedb". */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program)';
    return '(native)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const hub = /\/hub\/src\/([^/]+)\//.exec(url);
  if (hub) return `hub/${hub[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '');
}

const label = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|hub\/src)\//, '$1/')}:${f.lineNumber + 1}` : ''}`.trim();

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByNode = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000; // µs → ms
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
    total += dt;
  }

  const selfByFn = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const inclByArea = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    const area = areaOf(node.callFrame);
    if (area === '(idle)') {
      idle += ms;
      continue;
    }
    selfByFn.set(label(node.callFrame), (selfByFn.get(label(node.callFrame)) ?? 0) + ms);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      // The synthetic (root) frame is above every sample: it would count as 100% of everything.
      if (n && n.callFrame.functionName !== '(root)') seen.add(areaOf(n.callFrame));
    }
    for (const a of seen) inclByArea.set(a, (inclByArea.get(a) ?? 0) + ms);
  }
  const busy = Math.max(1e-9, total - idle);
  const pct = (ms: number) => Math.round((ms / busy) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(total),
    idlePct: Math.round((idle / Math.max(1e-9, total)) * 1000) / 10,
    topFunctions: [...selfByFn]
      .filter(([fn]) => !fn.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, selfPct: pct(ms) })),
    areas: [...selfByArea]
      .filter(([a]) => a !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, selfPct: pct(ms), inclusivePct: pct(inclByArea.get(area) ?? 0) })),
  };
}

/** Percentages are of the busy (non-idle) time of the profiled process. */
export function renderProfile(p: ProfileSummary): string {
  const lines = [`  profile ${p.file}: ${p.totalMs} ms sampled, ${p.idlePct}% idle; shares of busy time:`];
  lines.push('  by area (self / inclusive):');
  for (const a of p.areas)
    lines.push(`    ${String(a.selfPct).padStart(5)}% / ${String(a.inclusivePct).padStart(5)}%  ${a.area}`);
  lines.push('  hottest functions (self):');
  for (const f of p.topFunctions) lines.push(`    ${String(f.selfPct).padStart(5)}%  ${f.fn}`);
  return lines.join('\n');
}
