/**
 * `npm run bench`: measures how fast the core answers — index build, cache load, quotation
 * extraction (done at bot start-up), and question latency over both question sets repeated.
 * It reports; it asserts nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PactIndex } from '../src/pact-index.js';

const corpusDir = process.env.CORPUS_DIR || 'corpus';
const rounds = Number(process.argv[2] ?? 50);
const dataDir = await mkdtemp(path.join(tmpdir(), 'pactbot-bench-'));

const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
};

const [, buildMs] = await time(() => PactIndex.open({ corpusDir, dataDir }));
const [pact, loadMs] = await time(() => PactIndex.open({ corpusDir, dataDir }));
const [, quotesMs] = await time(() => pact.quotes.all());
const questions: string[] = [];
for (const file of ['eval/dev-questions.json', 'eval/extra-questions.json']) {
  const set = JSON.parse(await readFile(file, 'utf8'));
  questions.push(...[...set.questions, ...set.unanswerable].map((q: { q: string }) => q.q));
}

const latencies: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const q of questions) latencies.push((await time(() => pact.answerQuestion(q)))[1]);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const total = latencies.reduce((a, b) => a + b, 0);

const { documents, passages } = pact.stats();
console.log(`Corpus ${corpusDir}: ${documents} documents, ${passages} passages; ${latencies.length} questions asked\n`);
console.log('| measure | value |\n| --- | --- |');
console.log(`| index build (cold) | ${buildMs.toFixed(0)} ms |`);
console.log(`| index load (cached) | ${loadMs.toFixed(0)} ms |`);
console.log(`| quotation extraction | ${quotesMs.toFixed(0)} ms |`);
console.log(`| answer p50 | ${pct(50).toFixed(2)} ms |`);
console.log(`| answer p95 | ${pct(95).toFixed(2)} ms |`);
console.log(`| answer max | ${latencies.at(-1)!.toFixed(2)} ms |`);
console.log(`| throughput | ${((latencies.length / total) * 1000).toFixed(0)} questions/s |`);
await rm(dataDir, { recursive: true, force: true });
