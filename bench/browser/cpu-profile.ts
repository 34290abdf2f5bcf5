/**
 * A V8 CPU profile (CDP `Profiler.stop`) summarised for the bench's profiling scripts: busy
 * time, self time by function, and the inclusive time of the functions named as stages.
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseProfile(p: Profile, top: number, stages: readonly string[]): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(p.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    total += dt;
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame.functionName;
      if (stages.includes(f) && !seen.has(f)) {
        seen.add(f);
        inclusive.set(f, (inclusive.get(f) ?? 0) + dt);
      }
    }
  }
  const lines = [`  busy ${total.toFixed(0)} ms (samples outside (idle))`, '  self time:'];
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${v.toFixed(0).padStart(7)} ms  ${k}`);
  lines.push('  inclusive:');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1])) lines.push(`    ${v.toFixed(0).padStart(7)} ms  ${k}`);
  return lines.join('\n');
}
