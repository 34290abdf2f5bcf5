// Credit to AP, measured: how often detectCredit (src/core/sites/credit.ts) agrees with the
// hand labels in test/fixtures/credit-labels.json (the 30 fixture pages and the 5 seed texts).
//
//   npx tsx bench/credit.ts [--save]
//
// Prints each page the detector gets wrong, then precision and recall of "credited", the share
// of credited pages whose signal matches the label, and the same precision and recall for the
// naive reading the detector replaces (any "(AP)" or "Associated Press" in the text). `--save`
// writes the rows credit.precision and credit.recall (the naive figures as their peer) to
// bench/results.json.
import { detectCredit } from '../src/core/sites/credit';
import { creditLabels, labelledPage } from '../test/unit/sites-credit-labels';
import { type BenchRow, saveRows } from './results.ts';

const naive = (text: string) => /\(AP\)|\bAssociated Press\b/.test(text);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
const ours: Tally = { tp: 0, fp: 0, fn: 0, tn: 0 };
const peer: Tally = { tp: 0, fp: 0, fn: 0, tn: 0 };
let signalsRight = 0;

const count = (t: Tally, said: boolean, truth: boolean) => {
  if (said && truth) t.tp++;
  else if (said) t.fp++;
  else if (truth) t.fn++;
  else t.tn++;
};

for (const label of creditLabels) {
  const page = labelledPage(label);
  const credit = detectCredit(page);
  count(ours, credit.credited, label.credited);
  count(peer, naive(page.text), label.credited);
  if (credit.credited && label.credited && credit.signal === label.signal) signalsRight++;
  if (credit.credited !== label.credited || credit.signal !== label.signal) {
    console.log(`wrong: ${label.id}: said ${credit.credited ? `credited (${credit.signal})` : 'not credited'}, labelled ${label.credited ? `credited (${label.signal})` : 'not credited'}`);
  }
}

const pct = (n: number, d: number) => (d === 0 ? 100 : Math.round((1000 * n) / d) / 10);
const precision = (t: Tally) => pct(t.tp, t.tp + t.fp);
const recall = (t: Tally) => pct(t.tp, t.tp + t.fn);
const positives = ours.tp + ours.fn;
const note = `${creditLabels.length} hand-labelled pages (30 fixture pages, 5 seed texts), ${positives} credited; naive: any "(AP)" or "Associated Press"`;

console.log(`pages: ${creditLabels.length}, credited by label: ${positives}`);
console.log(`detectCredit  precision ${precision(ours)}%  recall ${recall(ours)}%  (tp ${ours.tp}, fp ${ours.fp}, fn ${ours.fn}, tn ${ours.tn}); signal right on ${signalsRight} of ${ours.tp}`);
console.log(`naive         precision ${precision(peer)}%  recall ${recall(peer)}%  (tp ${peer.tp}, fp ${peer.fp}, fn ${peer.fn}, tn ${peer.tn})`);

if (process.argv.includes('--save')) {
  const rows: BenchRow[] = [
    { id: 'credit.precision', measure: 'credit to AP detected: precision on hand-labelled pages', value: precision(ours), unit: '%', peer: { name: 'naive', value: precision(peer), unit: '%' }, note },
    { id: 'credit.recall', measure: 'credit to AP detected: recall on hand-labelled pages', value: recall(ours), unit: '%', peer: { name: 'naive', value: recall(peer), unit: '%' }, note },
  ];
  saveRows(rows, 'npx tsx bench/credit.ts');
}
