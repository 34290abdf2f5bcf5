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
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import { CORPUS_FILE_ACCEPT } from '../../core/corpus/files';
import { PACK_EXTENSION } from '../../core/pack/pack';
import { t } from '../../i18n/t';
import type { ImportJournal } from '../../storage';
import type { CorpusApi } from './corpus-api';
import { describeProblem } from './import-files';
import type { ImportFile, ImportOutcome, ImportProgress } from './import-run';
import { articles, filesCount, formatBytes, formatCount, tCount } from '../../i18n/counts';

const LISTED_PROBLEMS = 50;

type Status = { kind: 'idle' } | { kind: 'busy'; progress: ImportProgress | null } | { kind: 'done'; outcome: ImportOutcome } | { kind: 'discarded' };

export interface ImportSectionProps {
  corpus: CorpusApi;
  sampleCorpus(): Promise<ImportFile>;
  /** Called after anything that may have changed the corpus. */
  onImported(): void;
}

export function ImportSection({ corpus, sampleCorpus, onImported }: ImportSectionProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [pending, setPending] = useState<ImportJournal[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
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

  // Files dropped anywhere but on the zone would make the browser navigate away to them.
  useEffect(() => {
    const keep = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  const run = async (work: (opts: { signal: AbortSignal; onProgress: (p: ImportProgress) => void }) => Promise<ImportOutcome>) => {
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
    if (input.current) input.current.value = '';
    onImported();
  };

  const importFiles = (files: ImportFile[]) => {
    if (files.length === 0 || busy) return;
    void run((opts) => corpus.importFiles(files, opts));
  };

  const discard = async (key: string) => {
    await corpus.discardImport(key).catch(() => undefined);
    setStatus({ kind: 'discarded' });
    await loadPending();
  };

  const shownKey = status.kind === 'done' && (status.outcome.kind === 'invalid' || status.outcome.kind === 'cancelled') ? status.outcome.key : null;
  const others = pending.filter((j) => j.key !== shownKey);

  return (
    <section id="import" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('options_import_heading')}</h2>
      <p class="quiet">{t('options_import_formats')}</p>
      <p class="quiet">{t('options_pack_hint')}</p>
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
        }}
        onDragLeave={(e) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          importFiles([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p>{dragging ? t('options_drop_active') : t('options_drop_here')}</p>
        <div class="actions">
          <label class="file">
            <span>{t('options_choose_files')}</span>{' '}
            <input
              ref={input}
              type="file"
              multiple
              accept={`${CORPUS_FILE_ACCEPT},${PACK_EXTENSION}`}
              data-testid="corpus-file-input"
              disabled={busy}
              onChange={(e) => importFiles([...((e.currentTarget as HTMLInputElement).files ?? [])])}
            />
          </label>
          <button type="button" data-testid="add-sample" disabled={busy} onClick={() => void run(async (opts) => corpus.importFiles([await sampleCorpus()], opts))}>
            {t('options_add_sample')}
          </button>
        </div>
      </div>

      {busy && (
        <div class="progress-row">
          <progress
            data-testid="import-progress"
            aria-label={t('options_progress_label')}
            {...progressValue(status.progress)}
          />
          <button type="button" data-testid="import-cancel" onClick={() => controller.current?.abort()}>
            {t('options_cancel_import')}
          </button>
        </div>
      )}

      <div data-testid="import-status" role="status" aria-live="polite" class="import-status">
        {status.kind === 'busy' && <p>{progressText(status.progress)}</p>}
        {status.kind === 'discarded' && <p>{t('options_discarded')}</p>}
        {status.kind === 'done' && (
          <Outcome
            outcome={status.outcome}
            journal={pending.find((j) => j.key === shownKey)}
            onAnyway={(outcome) => void run((opts) => corpus.importAnyway(outcome, opts))}
            onDiscard={(key) => void discard(key)}
          />
        )}
      </div>

      {others.length > 0 && !busy && (
        <div class="pending" data-testid="pending-imports">
          <h3>{t('options_pending_heading')}</h3>
          <ul>
            {others.map((j) => (
              <li key={j.key}>
                <span>{pendingText(j)}</span>{' '}
                {j.state === 'staged' && j.articles > 0 && (
                  <button type="button" data-testid="pending-commit" onClick={() => void run((opts) => corpus.commitPending(j, opts))}>
                    {t('options_pending_import')}
                  </button>
                )}{' '}
                <button type="button" data-testid="pending-discard" onClick={() => void discard(j.key)}>
                  {t('options_discard')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Reading counts bytes; saving counts articles; nothing known yet leaves the bar indeterminate. */
function progressValue(p: ImportProgress | null): { max?: number; value?: number } {
  if (!p) return {};
  if (p.phase === 'saving') return p.toSave > 0 ? { max: p.toSave, value: p.saved } : {};
  return p.bytesTotal > 0 ? { max: p.bytesTotal, value: p.bytesDone } : {};
}

function progressText(p: ImportProgress | null): string {
  if (!p) return t('options_reading', formatBytes(0), '…', articles(0));
  if (p.phase === 'saving') return t('options_saving', articles(p.toSave || p.articles));
  let text = t('options_reading', formatBytes(p.bytesDone), formatBytes(p.bytesTotal), articles(p.articles));
  if (p.problems > 0) text += t('options_reading_problems', formatCount(p.problems));
  if (p.reused > 0) text += t('options_reading_reused', formatCount(p.reused));
  return text;
}

function pendingText(j: ImportJournal): string {
  const names = j.sources.map((s) => s.name).join(', ');
  const started = new Date(j.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  if (j.state === 'staging') return t('options_pending_staging', names, started, articles(j.articles));
  if (j.problems > 0) return t('options_pending_staged_problems', names, started, articles(j.articles), formatCount(j.problems));
  return t('options_pending_staged', names, started, articles(j.articles));
}

function Outcome({
  outcome,
  journal,
  onAnyway,
  onDiscard,
}: {
  outcome: ImportOutcome;
  /** The import still staged for this outcome, if any. */
  journal: ImportJournal | undefined;
  onAnyway(outcome: Extract<ImportOutcome, { kind: 'invalid' }>): void;
  onDiscard(key: string): void;
}) {
  switch (outcome.kind) {
    case 'imported':
      return (
        <div data-testid="import-summary">
          <p>
            {t('options_imported', articles(outcome.articles), filesCount(outcome.files), formatCount(outcome.added), formatCount(outcome.updated), formatCount(outcome.unchanged))}
          </p>
          {outcome.reused > 0 && <p class="quiet">{t('options_imported_resumed', articles(outcome.reused))}</p>}
          {outcome.skippedCount > 0 && (
            <>
              <p>{tCount('options_skipped_heading', outcome.skippedCount)}</p>
              <Problems problems={outcome.skipped} count={outcome.skippedCount} testId="skipped-lines" />
            </>
          )}
        </div>
      );
    case 'invalid':
      return (
        <div role="alert" data-testid="import-failed">
          <p>
            <strong>{t('options_import_failed')}</strong> {tCount('options_problems', outcome.problemCount)}
          </p>
          <Problems problems={outcome.problems} count={outcome.problemCount} testId="import-problems" />
          {outcome.valid > 0 && (
            <div class="actions">
              <button type="button" data-testid="import-anyway" onClick={() => onAnyway(outcome)}>
                {tCount('options_import_anyway', outcome.valid)}
              </button>
              <button type="button" data-testid="discard-import" onClick={() => onDiscard(outcome.key)}>
                {t('options_discard_import')}
              </button>
            </div>
          )}
        </div>
      );
    case 'error':
      return (
        <p role="alert" class="notice error">
          {/^Import failed|^Not enough storage/.test(outcome.message) ? outcome.message : t('options_import_error', outcome.message)}
        </p>
      );
    case 'pack-refused':
      return (
        <p role="alert" class="notice error" data-testid="pack-refused">
          {packRefusal(outcome)}
        </p>
      );
    case 'cancelled':
      return (
        <div>
          <p>{t('options_import_cancelled')}</p>
          {journal && journal.articles > 0 && (
            <p>
              {t('options_import_cancelled_kept', articles(journal.articles))}{' '}
              <button type="button" data-testid="discard-import" onClick={() => onDiscard(journal.key)}>
                {t('options_discard')}
              </button>
            </p>
          )}
        </div>
      );
  }
}

function packRefusal({ file, reason, detail }: Extract<ImportOutcome, { kind: 'pack-refused' }>): string {
  switch (reason) {
    case 'not-alone':
      return t('options_pack_not_alone', file);
    case 'truncated':
      return t('options_pack_truncated', file);
    case 'damaged':
      return t('options_pack_damaged', file);
    case 'not-pack':
      return t('options_pack_not_pack', file);
    case 'version':
      return t('options_pack_version', file, detail);
    case 'params':
      return t('options_pack_params', file);
  }
}

/** The per-file "and N more problems not listed" entries: the count below says it for all files at once. */
const NOT_LISTED = /^and \d+ more problems? not listed$/;

function Problems({ problems, count, testId }: { problems: readonly { file: string; line?: number; message: string }[]; count: number; testId: string }) {
  const shown = problems.filter((p) => !NOT_LISTED.test(p.message)).slice(0, LISTED_PROBLEMS);
  const more = count - shown.length;
  return (
    <ul class="errors" data-testid={testId}>
      {shown.map((p, i) => (
        <li key={i}>{describeProblem(p)}</li>
      ))}
      {more > 0 && <li>{t('options_more_problems', formatCount(more))}</li>}
    </ul>
  );
}
