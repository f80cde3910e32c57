/**
 * Quotation scores for every labelled set: the shipped corpus (tests/fixtures/quotes-gold.json),
 * the development set (tests/fixtures/quotes-dev.json, the rules were tuned on it) and the
 * untouched set (tests/fixtures/quotes-untouched.json, never tuned on) and the probe set
 * (tests/fixtures/quotes-probe.json, written by a tester after the rules), the fresh set
 * (tests/fixtures/quotes-fresh.json, round 7, tuned on) and the aside set (tests/fixtures/quotes-aside.json,
 * written with the fresh set, kept aside while the rules of round 7 were made).
 *
 * Run alone: `npx tsx scripts/eval-quotes.ts [--details] [set …]` with sets `corpus`, `dev`, `untouched`, `probe`,
 * `fresh`, `aside`.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import {
  evaluateQuotes,
  formatEvaluation,
  readGold,
  readQuoteSet,
  type QuoteEvaluation,
} from '../src/quotes/evaluate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const QUOTE_SETS = ['corpus', 'dev', 'untouched', 'probe', 'fresh', 'aside'] as const;
type SetName = (typeof QUOTE_SETS)[number];

async function scoreSet(name: SetName, corpusDir: string): Promise<{ label: string; result: QuoteEvaluation }> {
  if (name === 'corpus') {
    const { documents } = await loadCorpus(corpusDir);
    return {
      label: 'shipped corpus',
      result: evaluateQuotes(documents, await readGold(path.join(root, 'tests/fixtures/quotes-gold.json'))),
    };
  }
  const set = await readQuoteSet(path.join(root, `tests/fixtures/quotes-${name}.json`));
  const label = {
    dev: 'development set (tuned on)',
    untouched: 'untouched set (never tuned on)',
    probe: "probe set (a tester's; the fixes it prompted are in)",
    fresh: 'fresh set (round 7, tuned on)',
    aside: 'aside set (round 7, kept aside)',
  }[name];
  return { label: `${label}, ${set.documents.length} documents`, result: evaluateQuotes(set.documents, set.gold) };
}

/** Prints a Markdown table of quotation scores for the given sets (all by default). */
export async function printQuoteScores(
  sets: readonly SetName[] = QUOTE_SETS,
  options: { corpusDir?: string; details?: boolean } = {},
): Promise<void> {
  const corpusDir = options.corpusDir ?? path.join(root, 'corpus');
  console.log(
    'Quotation attribution ((quotation, speaker) pairs; "attributed" counts only quotations given a speaker):\n',
  );
  console.log('| set | pairs P | pairs R | attributed P | attributed R | wrong speaker | right / wrong / missed |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const details: string[] = [];
  for (const name of sets) {
    const { label, result: r } = await scoreSet(name, corpusDir);
    console.log(
      `| ${label} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} | ${r.attributedPrecision.toFixed(3)} | ${r.attributedRecall.toFixed(3)} | ${r.wrongSpeaker} | ${r.tp} / ${r.fp} / ${r.fn} |`,
    );
    if (options.details) details.push(`${label}\n${formatEvaluation(r)}`);
  }
  if (details.length) console.log(`\n${details.join('\n\n')}`);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const sets = args.filter((a): a is SetName => (QUOTE_SETS as readonly string[]).includes(a));
  await printQuoteScores(sets.length ? sets : QUOTE_SETS, { details: args.includes('--details') });
}
