import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fold } from '../search/fold.js';

/**
 * A news quiz set (RealTimeQA's format: one JSON object a line, each question with the news
 * passage that answers it) turned into a corpus and questions for `npm run eval`. The data is
 * read where it lies at run time and written only to a temporary folder: it is never part of the
 * project.
 */
const recordSchema = z.object({
  id: z.string(),
  date: z.string(),
  question: z.string(),
  choices: z.array(z.string()),
  answer: z.array(z.coerce.number()).min(1),
  evidence: z.string().min(1),
});

export interface NewsQuestion {
  id: string;
  question: string;
  /** The answer's text, to tell whether some other passage still answers it. */
  answerText: string;
  /** The document (one per distinct passage) that answers it. */
  docId: string;
  /**
   * Whether the answer's text occurs in that passage. The quiz's passage is often a related
   * snippet that does not state the answer: refusing such a question is not plainly wrong.
   */
  answerInPassage: boolean;
  /** Which half of the set: `tune` is for calibrating, `heldout` is only reported. */
  half: 'tune' | 'heldout';
}

export interface NewsPassage {
  docId: string;
  date: string;
  text: string;
  /** Whether the passage stays in the half corpus used to measure refusal. */
  kept: boolean;
}

export interface NewsSet {
  questions: NewsQuestion[];
  passages: NewsPassage[];
}

/** A stable coin flip from a string: the same id always lands on the same side. */
function bit(text: string, salt: string): boolean {
  return ((createHash('sha1').update(`${salt}:${text}`).digest()[0] ?? 0) & 1) === 0;
}

export async function readNewsSet(file: string): Promise<NewsSet> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim());
  const passages = new Map<string, NewsPassage>();
  const questions: NewsQuestion[] = [];
  for (const line of lines) {
    const record = recordSchema.parse(JSON.parse(line));
    const text = record.evidence.replace(/\s*\n\s*/g, ' ').trim();
    // One document per distinct passage, named by a hash of its text, so shared passages merge.
    const docId = `n${createHash('sha1').update(text).digest('hex').slice(0, 10)}`;
    if (!passages.has(docId)) passages.set(docId, { docId, date: record.date.slice(0, 10), text, kept: bit(docId, 'keep') });
    const answerText = record.choices[record.answer[0] ?? -1] ?? '';
    const answer = fold(answerText).trim();
    questions.push({
      id: record.id,
      question: record.question,
      answerText,
      docId,
      answerInPassage: answer !== '' && fold(text).includes(answer),
      half: bit(record.id, 'half') ? 'tune' : 'heldout',
    });
  }
  return { questions, passages: [...passages.values()] };
}

/** Writes the passages as corpus documents (only the kept half when `keptOnly`). */
export async function writeNewsCorpus(set: NewsSet, dir: string, keptOnly: boolean): Promise<void> {
  for (const p of set.passages) {
    if (keptOnly && !p.kept) continue;
    const body = `---\ntitle: ${JSON.stringify(p.docId)}\ndate: ${p.date}\n---\n\n${p.text}\n`;
    await writeFile(path.join(dir, `${p.docId}.md`), body);
  }
}

/**
 * In the half corpus: answerable when its passage was kept; unanswerable when its passage was
 * dropped and its answer occurs in no kept passage; undefined (not counted) otherwise.
 */
export function answerableInHalf(set: NewsSet): (q: NewsQuestion) => boolean | undefined {
  const kept = new Map(set.passages.map((p) => [p.docId, p.kept]));
  const keptText = set.passages.filter((p) => p.kept).map((p) => fold(p.text));
  return (q) => {
    if (kept.get(q.docId)) return true;
    const answer = fold(q.answerText).trim();
    return answer && keptText.some((t) => t.includes(answer)) ? undefined : false;
  };
}
