/**
 * `npx tsx bench/pruning-agreement.ts CORPUS [BUDGET]`: how often pruned candidate retrieval
 * (walking only the rarest terms' postings up to BUDGET) gives the same top-3 answers as walking
 * every posting, over the benchmark questions. A check that pruning costs no answer quality.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PactIndex } from '../src/pact-index.js';
import type { PassageIndex } from '../src/search/passage-index.js';
import { benchQuestions, readSourceText } from './synthetic-corpus.js';

const corpusDir = process.argv[2] ?? 'corpus';
const budget = Number(process.argv[3] ?? 30_000);
const dataDir = process.env.DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'pactbot-agree-')));
const news = process.env.NEWS_EVAL_FILE ?? '/work/shared/eval/news-dev.jsonl';
const questions = benchQuestions(await readSourceText('corpus', news), 500);
const pact = await PactIndex.open({ corpusDir, dataDir });
const index = (pact as unknown as { index: PassageIndex }).index;

const run = (walkBudget: number) => {
  index.walkBudget = walkBudget;
  const start = performance.now();
  const answers = questions.map((q) => pact.answerQuestion(q, { limit: 3 }).answers.map((a) => a.passageId));
  return { answers, ms: performance.now() - start };
};
run(budget); // warm the per-passage memo alike for both
const exhaustive = run(Infinity);
const pruned = run(budget);
let same = 0;
let sameFirst = 0;
let refusedBoth = 0;
for (let i = 0; i < questions.length; i++) {
  const a = exhaustive.answers[i] ?? [];
  const b = pruned.answers[i] ?? [];
  if (a.join() === b.join()) same++;
  if (a[0] === b[0]) sameFirst++;
  if (a.length === 0 && b.length === 0) refusedBoth++;
}
console.log(
  `${pact.stats().passages} passages, budget ${budget}: same top-3 ${same}/${questions.length}, same first ${sameFirst}/${questions.length} (both refused ${refusedBoth}); exhaustive ${Math.round(exhaustive.ms)} ms, pruned ${Math.round(pruned.ms)} ms`,
);
