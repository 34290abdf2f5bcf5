/**
 * Import: drop files on the zone or choose them, or add the sample corpus; a progress bar
 * (bytes read, then articles saved) with a Cancel button; and a summary of what changed.
 *
 * The status element (`data-testid=import-status`) is one polite live region that is always
 * there, so screen readers hear progress and the outcome; it says "Imported" on success and
 * "failed" with file and line when any line was malformed, in which case nothing was
 * imported and the reader may import the valid articles anyway (they are already staged).
 * Imports the store still holds from an earlier visit (a closed page, a cancel, a decision
 * not taken) are listed with what can be done with them.
 *
 * The parts live in import-section/: the imports themselves (`useImport`), the drop zone,
 * the progress bar, the status with the outcome and its problems, and the pending imports.
 */

import { useRef } from 'preact/hooks';
import { t } from '../../i18n/t';
import type { CorpusApi } from './corpus-api';
import type { ImportFile } from './import-run';
import { DropZone } from './import-section/DropZone';
import { ImportProgressBar } from './import-section/ImportProgressBar';
import { ImportStatus } from './import-section/ImportStatus';
import { PendingImports } from './import-section/PendingImports';
import { useImport } from './import-section/use-import';

export interface ImportSectionProps {
  corpus: CorpusApi;
  sampleCorpus(): Promise<ImportFile>;
  /** Called after anything that may have changed the corpus. */
  onImported(): void;
}

export function ImportSection({ corpus, sampleCorpus, onImported }: ImportSectionProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const imports = useImport(corpus, sampleCorpus, () => {
    if (fileInput.current) fileInput.current.value = '';
    onImported();
  });
  const { status, pending, busy } = imports;
  // The import whose outcome is shown is not listed again among the pending ones.
  const shownKey = status.kind === 'done' && (status.outcome.kind === 'invalid' || status.outcome.kind === 'cancelled') ? status.outcome.key : null;
  const others = pending.filter((j) => j.key !== shownKey);

  return (
    <section id="import" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('options_import_heading')}</h2>
      <p class="quiet">{t('options_import_formats')}</p>
      <p class="quiet">{t('options_pack_hint')}</p>
      <DropZone busy={busy} inputRef={fileInput} onFiles={imports.importFiles} onSample={imports.addSample} />
      {status.kind === 'busy' && <ImportProgressBar progress={status.progress} onCancel={imports.cancel} />}
      <ImportStatus status={status} journal={pending.find((j) => j.key === shownKey)} onAnyway={imports.importAnyway} onDiscard={imports.discard} />
      {others.length > 0 && !busy && <PendingImports imports={others} onCommit={imports.commitPending} onDiscard={imports.discard} />}
    </section>
  );
}
