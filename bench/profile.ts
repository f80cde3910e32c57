/**
 * `npx tsx bench/profile.ts CORPUS [N]` (run with `node --cpu-prof --import tsx`): builds or
 * loads the index of a corpus folder and asks N of the benchmark questions, to find what
 * answering spends its time on.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PactIndex } from '../src/pact-index.js';
import { benchQuestions, readSourceText } from './synthetic-corpus.js';

const corpusDir = process.argv[2] ?? 'corpus';
const count = Number(process.argv[3] ?? 500);
const dataDir = process.env.DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'pactbot-profile-')));
const news = process.env.NEWS_EVAL_FILE ?? '/work/shared/eval/news-dev.jsonl';
const questions = benchQuestions(await readSourceText('corpus', news), count);
const start = performance.now();
const pact = await PactIndex.open({ corpusDir, dataDir });
console.log(
  `open ${Math.round(performance.now() - start)} ms (cache: ${pact.fromCache}), ${pact.stats().passages} passages`,
);
const times = questions.map((q) => {
  const t = performance.now();
  pact.answerQuestion(q);
  return performance.now() - t;
});
const sorted = [...times].sort((a, b) => a - b);
const at = (p: number) =>
  (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0).toFixed(1);
console.log(
  `${questions.length} asks: ${Math.round(times.reduce((a, b) => a + b, 0))} ms; p50 ${at(50)} / p95 ${at(95)} / p99 ${at(99)} ms`,
);
