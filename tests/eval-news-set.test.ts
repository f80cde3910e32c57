import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNewsSet } from '../src/eval/news-set.js';
import { tempDataDir } from './helpers/corpus.js';

/** One quiz record in RealTimeQA's shape (written for the test; no data from the set). */
const record = (id: string, evidence: string, choices: string[], answer: number) =>
  JSON.stringify({ id, date: '2022-05-06', question: `Question ${id}?`, choices, answer: [answer], evidence });

describe('news quiz set for npm run eval', () => {
  it("tells whether the answer's text is in the question's own passage", async () => {
    const file = path.join(await tempDataDir(), 'quiz.jsonl');
    await writeFile(
      file,
      [
        record('a', 'The summit will be held in Vienna next week.', ['Paris', 'Vienna'], 1),
        // A related snippet that never names the answer, as many quiz passages are.
        record('b', 'Iran refused to sit at the table with American diplomats.', ['Vienna', 'Geneva'], 0),
        // Matched after folding case and accents.
        record('c', 'Crowds gathered in SÃO PAULO on Sunday.', ['Sao Paulo', 'Rio'], 0),
      ].join('\n'),
    );
    const set = await readNewsSet(file);
    expect(set.questions.map((q) => [q.id, q.answerInPassage])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });
});
