/**
 * Prints an evenly spaced sample of attributed quotations from real news passages, for checking
 * by hand (no gold labels exist for them): `npx tsx scripts/sample-news-quotes.ts [count] [offset]`.
 * Reads RealTimeQA evidence passages at run time from `$NEWS_EVAL_FILE` or `../shared/eval/news-dev.jsonl`
 * (never copied into the project); prints nothing but a note when the file is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractQuotes } from '../src/quotes/extract.js';

const file = process.env.NEWS_EVAL_FILE ?? path.resolve('..', 'shared', 'eval', 'news-dev.jsonl');
if (!existsSync(file)) {
  console.log(`No news passages at ${file}; set NEWS_EVAL_FILE.`);
  process.exit(0);
}
const count = Number(process.argv[2] ?? 40);
const offset = Number(process.argv[3] ?? 0);
let found = 0;
const attributed: string[] = [];
for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
  const item = JSON.parse(line) as { id: string; date: string; evidence: string };
  const paragraphs = item.evidence.split(/\n+/).filter((p) => p.trim());
  const doc = {
    id: item.id,
    file: '',
    meta: { title: item.id, date: item.date, language: 'en' as const, partial: false },
    header: [],
    paragraphs,
  };
  for (const q of extractQuotes(doc)) {
    found++;
    if (q.speaker)
      attributed.push(`[${q.speaker.name}${q.speaker.role ? ` (${q.speaker.role})` : ''}] ${q.context.slice(0, 300)}`);
  }
}
console.log(
  `${found} quotations, ${attributed.length} attributed; every ${Math.max(1, Math.floor(attributed.length / count))}th from ${offset}:`,
);
const step = Math.max(1, Math.floor(attributed.length / count));
for (let i = offset, n = 1; i < attributed.length && n <= count; i += step, n++) console.log(`${n}. ${attributed[i]}`);
