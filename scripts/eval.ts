/**
 * `npm run eval [-- FILE]`: scores retrieval on questions with gold passages (default
 * eval/dev-questions.json): Hit@1, Hit@3, MRR, and how many unanswerable questions were refused;
 * then quotation precision and recall for every labelled set (scripts/eval-quotes.ts).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PactIndex } from '../src/pact-index.js';
import { fold } from '../src/search/fold.js';
import { printQuoteScores } from './eval-quotes.js';

const evalFileSchema = z.object({
  questions: z.array(z.object({ id: z.string(), q: z.string(), gold: z.array(z.string()).min(1) })),
  unanswerable: z.array(z.object({ id: z.string(), q: z.string(), absent: z.array(z.string()).optional() })).default([]),
});

const file = process.argv[2] ?? 'eval/dev-questions.json';
const corpusDir = process.env.CORPUS_DIR ?? 'corpus';
const pact = await PactIndex.open({ corpusDir, dataDir: process.env.DATA_DIR ?? 'data' });
const { questions, unanswerable } = evalFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));

/** Gold spans match after folding case, accents, quotes, dashes and whitespace. */
const norm = (text: string) => fold(text).trim();

let hit1 = 0;
let hit3 = 0;
let reciprocal = 0;
const misses: string[] = [];
for (const { id, q, gold } of questions) {
  const answer = pact.answerQuestion(q, { limit: 10 });
  const rank = answer.answers.findIndex((a) => gold.some((g) => norm(a.text).includes(norm(g)))) + 1;
  if (rank === 1) hit1++;
  if (rank >= 1 && rank <= 3) hit3++;
  if (rank >= 1) reciprocal += 1 / rank;
  if (rank !== 1) misses.push(`${id} rank ${rank || '-'}: ${q}${answer.notFound ? ' (refused)' : ''}`);
}
let refused = 0;
for (const { id, q } of unanswerable) {
  const answer = pact.answerQuestion(q);
  if (answer.notFound) refused++;
  else misses.push(`${id} answered, should refuse: ${q}`);
}

const n = questions.length || 1;
const rows: [string, string][] = [
  ['questions', String(questions.length)],
  ['Hit@1', (hit1 / n).toFixed(3)],
  ['Hit@3', (hit3 / n).toFixed(3)],
  ['MRR', (reciprocal / n).toFixed(3)],
  ['unanswerable refused', `${refused}/${unanswerable.length}`],
];
console.log(`Retrieval on ${file} (corpus ${corpusDir}: ${pact.stats().documents} documents, ${pact.stats().passages} passages)\n`);
console.log('| metric | value |\n| --- | --- |');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
if (misses.length) console.log(`\nNot at rank 1:\n${misses.map((m) => `  ${m}`).join('\n')}`);

console.log('');
// The shipped corpus's labels only fit the shipped corpus; the written sets carry their own documents.
await printQuoteScores(corpusDir === 'corpus' ? ['corpus', 'dev', 'untouched'] : ['dev', 'untouched']);
