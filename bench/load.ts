/**
 * The machine's load while a bench measures: the 1- and 5-minute load averages sampled every
 * second, told in a row's note with "loaded machine" when the 1-minute load exceeded the
 * core count at any sample (the figure then says more about the other work than ours).
 */
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
