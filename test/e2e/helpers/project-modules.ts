/**
 * Project modules the e2e tests use from Node: the apnews.com stand-in (test/support/) and the
 * corpus pack reader and writers (src/core/pack/). The e2e files run on Node's own type stripping, which
 * resolves only imports that name their `.ts` file; those modules import each other without
 * extensions (as the bundler and vitest read them), so they are loaded through tsx's
 * `tsImport`, scoped to these imports (the harness itself keeps running on plain Node).
 */
import { tsImport } from 'tsx/esm/api';

type StandinModule = typeof import('../../support/ap-standin.ts');
type BuildModule = typeof import('../../../src/core/pack/build.ts');
type DeltaModule = typeof import('../../../src/core/pack/delta.ts');
type PackModule = typeof import('../../../src/core/pack/pack.ts');

const load = <M>(specifier: string): Promise<M> => tsImport(specifier, import.meta.url) as Promise<M>;

/** test/support/ap-standin.ts */
export const standinModule = (): Promise<StandinModule> => load<StandinModule>('../../support/ap-standin.ts');
/** src/core/pack/build.ts */
export const packBuildModule = (): Promise<BuildModule> => load<BuildModule>('../../../src/core/pack/build.ts');
/** src/core/pack/delta.ts */
export const packDeltaModule = (): Promise<DeltaModule> => load<DeltaModule>('../../../src/core/pack/delta.ts');
/** src/core/pack/pack.ts */
export const packModule = (): Promise<PackModule> => load<PackModule>('../../../src/core/pack/pack.ts');
