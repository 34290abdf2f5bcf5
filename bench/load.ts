/**
 * The machine's load while a bench measures: the 1- and 5-minute load averages sampled every
 * second, told in a row's note with "loaded machine" when the 1-minute load exceeded the
 * core count at any sample (the figure then says more about the other work than ours).
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

/** Load averages sampled through a measure: the first and last sample, and the highest 1-minute load. */
export class LoadWatch {
  readonly cores = os.cpus().length;
  readonly start = os.loadavg();
  private last = this.start;
  private peak = this.start[0]!;
  private timer = setInterval(() => this.sample(), 1000);
  private sample() {
    this.last = os.loadavg();
    this.peak = Math.max(this.peak, this.last[0]!);
  }
  /** Whether the 1-minute load has exceeded the core count so far. */
  get loaded(): boolean {
    return this.peak > this.cores;
  }
  stop(): string {
    clearInterval(this.timer);
    this.sample();
    const pair = (l: number[]) => `${l[0]!.toFixed(1)} / ${l[1]!.toFixed(1)}`;
    const loaded = this.loaded ? '; loaded machine (1-minute load above the core count)' : '';
    return `load ${pair(this.start)} (1 / 5 min) at the start, ${pair(this.last)} at the end, highest 1-minute ${this.peak.toFixed(1)}, on ${this.cores} cores${loaded}`;
  }
}

/**
 * The processes descended from this one (a launched browser and its helpers), by pid, each
 * with its CPU ticks so far (user + system, /proc/<pid>/stat; 10 ms each on Linux).
 */
export function descendantTicks(): Map<number, number> {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(rest[1]));
      ticks.set(Number(d), Number(rest[11]) + Number(rest[12]));
    } catch {
      // gone
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of parent) if (!ours.has(p) && ours.has(pp)) grew = ours.add(p).size > 0;
  }
  ours.delete(process.pid);
  return new Map([...ours].map((p) => [p, ticks.get(p) ?? 0]));
}
