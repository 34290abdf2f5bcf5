/**
 * One import at a time, and the imports the store still holds: `useImport` runs each kind of
 * import (files, the sample corpus, the valid articles of a failed one, one left from an
 * earlier visit) with a Cancel signal and progress, then lists the pending imports again.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImportJournal } from '../../../storage';
import type { CorpusApi } from '../corpus-api';
import type { ImportFile, ImportOutcome, ImportProgress } from '../import-run';

export type ImportState = { kind: 'idle' } | { kind: 'busy'; progress: ImportProgress | null } | { kind: 'done'; outcome: ImportOutcome } | { kind: 'discarded' };

type Work = (opts: { signal: AbortSignal; onProgress: (p: ImportProgress) => void }) => Promise<ImportOutcome>;

/** `onFinished` runs after every import, whatever its outcome (it may have changed the corpus). */
export function useImport(corpus: CorpusApi, sampleCorpus: () => Promise<ImportFile>, onFinished: () => void) {
  const [status, setStatus] = useState<ImportState>({ kind: 'idle' });
  const [pending, setPending] = useState<ImportJournal[]>([]);
  const controller = useRef<AbortController | null>(null);
  const busy = status.kind === 'busy';

  const loadPending = async () => {
    try {
      setPending(await corpus.pendingImports());
    } catch {
      setPending([]);
    }
  };
  useEffect(() => {
    void loadPending();
  }, [corpus]);

  const run = async (work: Work) => {
    const abort = new AbortController();
    controller.current = abort;
    setStatus({ kind: 'busy', progress: null });
    let outcome: ImportOutcome;
    try {
      outcome = await work({ signal: abort.signal, onProgress: (progress) => setStatus({ kind: 'busy', progress }) });
    } catch (e) {
      outcome = abort.signal.aborted ? { kind: 'cancelled', key: null, articles: 0 } : { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    controller.current = null;
    // Pending imports first, so the outcome and what is kept of it show together.
    await loadPending();
    setStatus({ kind: 'done', outcome });
    onFinished();
  };

  const discard = async (key: string) => {
    await corpus.discardImport(key).catch(() => undefined);
    // Gone from the list in the same render as the status says so, not a read later.
    setPending((list) => list.filter((j) => j.key !== key));
    setStatus({ kind: 'discarded' });
    await loadPending();
  };

  return {
    status,
    /** Imports the store holds, staged or half-read, waiting for the reader's decision. */
    pending,
    busy,
    importFiles: (files: ImportFile[]) => {
      if (files.length === 0 || busy) return;
      void run((opts) => corpus.importFiles(files, opts));
    },
    addSample: () => void run(async (opts) => corpus.importFiles([await sampleCorpus()], opts)),
    importAnyway: (outcome: Extract<ImportOutcome, { kind: 'invalid' }>) => void run((opts) => corpus.importAnyway(outcome, opts)),
    commitPending: (journal: ImportJournal) => void run((opts) => corpus.commitPending(journal, opts)),
    discard: (key: string) => void discard(key),
    cancel: () => controller.current?.abort(),
  };
}
