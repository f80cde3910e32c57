/**
 * Messages that are not really questions, or not in English (eval/chatter-questions.json): does
 * the bot give the how-to-ask hint, show passages, read the speaker intent and the question type
 * a user expects? Scores the development half (the rules were written against it) and the
 * untouched half (never looked at while writing them), on the shipped corpus.
 *
 * Run: `npx tsx scripts/eval-chatter.ts [--details]` (DATA_DIR as for `pactbot`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PactIndex } from '../src/pact-index.js';
import { understandMessage } from '../src/question/question.js';

interface Case {
  text: string;
  expect?: 'hint' | 'answer' | 'speaker';
  speaker?: string;
  about?: string;
  type?: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const details = process.argv.includes('--details');
const sets = JSON.parse(await readFile(path.join(root, 'eval/chatter-questions.json'), 'utf8')) as Record<
  'dev' | 'untouched',
  Case[]
>;
const pact = await PactIndex.open({
  corpusDir: path.join(root, 'corpus'),
  dataDir: process.env.DATA_DIR ?? path.join(root, 'data'),
});

/** What went wrong for one case, or nothing. */
function check(c: Case): string[] {
  const answer = pact.answerQuestion(c.text);
  const read = understandMessage(c.text);
  const wrong: string[] = [];
  if (c.expect === 'hint' && !answer.nothingAsked)
    wrong.push(answer.notFound ? 'refused without the hint' : 'quoted passages');
  if (c.expect !== 'hint' && answer.nothingAsked) wrong.push('gave the hint');
  if (c.expect === 'answer' && answer.notFound) wrong.push('refused');
  if (c.expect === 'speaker') {
    const intent = read.intent;
    if (intent.kind !== 'speaker' || intent.speaker !== c.speaker || intent.about !== c.about)
      wrong.push(`intent ${JSON.stringify(intent)}`);
  }
  if (c.type && read.type !== c.type) wrong.push(`type ${read.type}, expected ${c.type}`);
  return wrong;
}

for (const name of ['dev', 'untouched'] as const) {
  const cases = sets[name];
  const failures = cases.map((c) => ({ c, wrong: check(c) })).filter((f) => f.wrong.length > 0);
  console.log(`${name}: ${cases.length - failures.length}/${cases.length} as a user expects`);
  if (details) for (const f of failures) console.log(`  ✗ ${JSON.stringify(f.c.text)}: ${f.wrong.join('; ')}`);
}
