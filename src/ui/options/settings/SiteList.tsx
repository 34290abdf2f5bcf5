/**
 * A list of sites (host names), each with a Remove button whose accessible name says which
 * site it removes; a line saying the list is empty when it is.
 */

import { t, type MessageKey } from '../../../i18n/t';

export interface SiteListProps {
  hosts: readonly string[];
  /** What to say when the list is empty. */
  empty: MessageKey;
  /** Prefix of the test ids: `${testId}-list`, `-host`, `-remove`, `-empty`. */
  testId: string;
  onRemove(host: string): void;
}

export function SiteList({ hosts, empty, testId, onRemove }: SiteListProps) {
  if (hosts.length === 0) return <p class="quiet" data-testid={`${testId}-empty`}>{t(empty)}</p>;
  return (
    <ul class="hosts" data-testid={`${testId}-list`}>
      {hosts.map((h) => (
        <li key={h} data-testid={`${testId}-host`}>
          <span>{h}</span>{' '}
          <button type="button" data-testid={`${testId}-remove`} onClick={() => onRemove(h)}>
            {t('options_remove')}
            <span class="visually-hidden"> {h}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
