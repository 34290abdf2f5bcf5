/**
 * The lines an import could not read, "file, line N: what is wrong", at most 50 of them and
 * then how many more there are.
 */

import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { type ImportProblem, describeProblem } from '../import-files';

const LISTED_PROBLEMS = 50;

/** The per-file "and N more problems not listed" entries: the count below says it for all files at once. */
const NOT_LISTED = /^and \d+ more problems? not listed$/;

export function ImportProblems({ problems, count, testId }: { problems: readonly ImportProblem[]; count: number; testId: string }) {
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
