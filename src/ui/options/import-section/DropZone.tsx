/**
 * Where files come in: drop them on the zone or choose them, or add the sample corpus. Files
 * dropped anywhere else on the page are refused, or the browser would navigate away to them.
 */

import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CORPUS_FILE_ACCEPT } from '../../../core/corpus/files';
import { PACK_EXTENSION } from '../../../core/pack/pack';
import { t } from '../../../i18n/t';
import type { ImportFile } from '../import-run';

export interface DropZoneProps {
  busy: boolean;
  /** The file input, emptied by the section after each import. */
  inputRef: Ref<HTMLInputElement>;
  onFiles(files: ImportFile[]): void;
  onSample(): void;
}

export function DropZone({ busy, inputRef, onFiles, onSample }: DropZoneProps) {
  const [dragging, setDragging] = useState(false);

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

  return (
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
        onFiles([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <p>{dragging ? t('options_drop_active') : t('options_drop_here')}</p>
      <div class="actions">
        <label class="file">
          <span>{t('options_choose_files')}</span>{' '}
          <input
            ref={inputRef}
            type="file"
            multiple
            accept={`${CORPUS_FILE_ACCEPT},${PACK_EXTENSION}`}
            data-testid="corpus-file-input"
            disabled={busy}
            onChange={(e) => onFiles([...((e.currentTarget as HTMLInputElement).files ?? [])])}
          />
        </label>
        <button type="button" data-testid="add-sample" disabled={busy} onClick={onSample}>
          {t('options_add_sample')}
        </button>
      </div>
    </div>
  );
}
