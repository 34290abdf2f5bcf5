/**
 * The README's table of the extension at a million articles (`npm run bench:million`,
 * bench/browser/million.ts): each measure at every size that run measured, the ratio of the
 * largest to the smallest, and its goal; then the quota, as built and with
 * `unlimitedStorage`. Rows missing are left out; no row, no table.
 */
import type { BenchResults, BenchRow } from '../results.ts';

/** The rows of the table, in its order: id, and the measure in the reader's words. */
export const MILLION_ROWS: readonly { id: string; label: string }[] = [
  { id: 'browser.million.verdict.cold.p50', label: 'page HTML → verdict after the service worker was stopped, p50' },
  { id: 'browser.million.cold.directory-read', label: 'of which reading and verifying the index directory' },
  { id: 'browser.million.cold.shard-reads', label: "of which reading the shards one check's band keys fall into" },
  { id: 'browser.million.verdict.warm.p50', label: 'page HTML → verdict, warm, p50' },
  { id: 'browser.million.worker.memory', label: 'service worker memory after a warm check' },
  { id: 'browser.storage.per-article', label: 'storage per article, text included (`navigator.storage.estimate()`)' },
  { id: 'browser.storage.disk-per-article', label: "the same, the profile's IndexedDB folder on disk" },
  { id: 'browser.million.import.part', label: 'importing the last 100k-article pack (options page), file chosen → table updated' },
  { id: 'browser.million.import.total', label: 'importing every pack up to that size, one after another' },
];

export const MILLION_ROW_IDS: readonly string[] = [...MILLION_ROWS.map((x) => x.id), 'browser.quota.default', 'browser.quota.unlimited-storage', 'browser.million.pack-build'];

export function millionTable(r: BenchResults, format: (value: number, unit: string) => string, sizeLabel: (n: number) => string): string | null {
  const present = r.rows.filter((x) => MILLION_ROWS.some((m) => m.id === x.id) && x.corpus !== undefined);
  if (present.length === 0) return null;
  const sizes = [...new Set(present.map((x) => x.corpus!))].sort((a, b) => a - b);
  const [small, large] = [sizes[0]!, sizes[sizes.length - 1]!];
  const at = (id: string, n: number) => r.rows.find((x) => x.id === id && x.corpus === n);
  const flag = (x: BenchRow) => {
    const flags = [...(x.met === false ? ['missed'] : x.met === true ? ['met'] : []), ...(x.note?.includes('loaded machine') ? ['loaded machine'] : [])];
    return flags.length ? ` (${flags.join('; ')})` : '';
  };
  const cell = (x: BenchRow | undefined) => (x ? `${format(x.value, x.unit)}${flag(x)}` : '—');
  const lines = [
    `| measure | goal | ${sizes.map(sizeLabel).join(' | ')} | ${sizeLabel(large)} / ${sizeLabel(small)} |`,
    `| --- | --- | ${sizes.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const m of MILLION_ROWS) {
    const cells = sizes.map((n) => at(m.id, n));
    if (cells.every((x) => !x)) continue;
    const [a, b] = [cells[0], cells[cells.length - 1]];
    const ratio = a && b && a.value > 0 ? `${(b.value / a.value).toFixed(1)}×` : '—';
    lines.push(`| ${m.label} | ${cells.find((x) => x?.goal)?.goal ?? ''} | ${cells.map(cell).join(' | ')} | ${ratio} |`);
  }
  const quota = r.rows.find((x) => x.id === 'browser.quota.default');
  const unlimited = r.rows.find((x) => x.id === 'browser.quota.unlimited-storage');
  const pack = r.rows.find((x) => x.id === 'browser.million.pack-build');
  const commands = [...new Set([...present, ...[quota, unlimited, pack].filter((x): x is BenchRow => x !== undefined)].map((x) => x.bench).filter(Boolean))].map((c) => `\`${c}\``);
  const after = [
    ...(quota ? [`The extension's quota as built is ${format(quota.value, quota.unit)}${unlimited ? `, ${format(unlimited.value, unlimited.unit)} with \`unlimitedStorage\` in its manifest` : ''} (\`navigator.storage.estimate().quota\`, this machine's disk).`] : []),
    ...(pack ? [`The packs were made by \`wirecheck index\` at ${cell(pack)}, ${sizeLabel(pack.corpus ?? 0)} articles a pack (the CLI rows above time the command itself).`] : []),
    `Measured by ${commands.join(', ')}: ~700-word synthetic articles, one profile, packs imported one after another; each row's note in bench/results.json holds the split and the machine's load.`,
  ];
  return [...lines, '', after.join(' ')].join('\n');
}
