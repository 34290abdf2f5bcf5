import { startBackground } from '@/src/background/start';

// Benchmarks only: a build made with WXT_FOLLOW_PACE_MS set (bench/browser/follow.ts builds
// one into a folder of its own) paces the follower's requests that many ms apart. The shipped
// build sets none: the follower keeps its one request a second.
const pace: unknown = import.meta.env.WXT_FOLLOW_PACE_MS;
const benchPaceMs = typeof pace === 'string' && /^\d+$/.test(pace) ? Number(pace) : undefined;

export default defineBackground(() => {
  startBackground(browser, benchPaceMs === undefined ? {} : { follow: { follower: { minIntervalMs: benchPaceMs } } });
});
