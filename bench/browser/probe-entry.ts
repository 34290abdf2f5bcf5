// Bundled by bench/browser/verdict.ts (esbuild, IIFE) and evaluated in an extension page, so
// the cold-start breakdown times the product's own code in the same engine and origin.
import { CorpusIndex } from '../../src/core/index/corpus-index';
import { DEFAULT_PARAMS } from '../../src/core/fingerprint/minhash';

(globalThis as Record<string, unknown>).__wirecheckProbe = { CorpusIndex, DEFAULT_PARAMS };
