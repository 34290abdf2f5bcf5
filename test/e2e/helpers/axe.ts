/**
 * Accessibility: runs axe-core inside a page (extension page or web page) and returns the
 * violations, so a test can assert there are none. axe-core's own source is injected with
 * indirect eval, as a <script> would load it; nothing is fetched.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { E2EPage } from './types.ts';

let source: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Violations of WCAG 2.1 A/AA rules on the page (optionally within `include`, a selector). */
export async function axeViolations(page: E2EPage, include?: string): Promise<AxeViolation[]> {
  source ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return page.evaluate(
    async ({ code, include }: { code: string; include?: string }) => {
      const w = globalThis as unknown as { axe?: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
      if (!w.axe) (0, eval)(code);
      const result = await w.axe!.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    },
    { code: source, include },
  );
}

/** A readable message for assert: one line per violation. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 3).join(', ')}`).join('\n');
}
