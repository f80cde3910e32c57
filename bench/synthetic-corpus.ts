/**
 * Deterministic synthetic corpora for the benchmark: documents recombined from the sentences
 * of the shipped corpus and, when present, of the news evidence in ../shared/eval/news-dev.jsonl
 * (read at run time, never copied into the project). Same seed, same files, byte for byte.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/corpus/sentences.js';

/** mulberry32: a small, fast, seeded generator; good enough to shuffle benchmark text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SourceText {
  sentences: string[];
  /** News quiz questions, when the news file is present. */
  newsQuestions: string[];
}

/** Sentences of the shipped corpus (body paragraphs) and of the news evidence, if present. */
export async function readSourceText(corpusDir: string, newsFile: string | undefined): Promise<SourceText> {
  const sentences: string[] = [];
  for (const name of (await readdir(corpusDir)).filter((n) => n.endsWith('.md')).sort()) {
    const body = (await readFile(path.join(corpusDir, name), 'utf8')).split(/^---$/m).slice(2).join('---');
    for (const paragraph of body.split(/\n\s*\n/)) {
      const text = paragraph.replace(/\s+/g, ' ').trim();
      if (text.length < 40 || text.startsWith('#')) continue;
      sentences.push(...splitSentences(text).map((s) => s.text));
    }
  }
  const newsQuestions: string[] = [];
  if (newsFile && existsSync(newsFile)) {
    for (const line of (await readFile(newsFile, 'utf8')).split('\n').filter(Boolean)) {
      const item = JSON.parse(line) as { question: string; evidence: string };
      newsQuestions.push(item.question);
      sentences.push(...splitSentences(item.evidence.replace(/\s+/g, ' ').trim()).map((s) => s.text));
    }
  }
  return { sentences: sentences.filter((s) => s.length >= 20 && s.length <= 400), newsQuestions };
}

const PUBLISHERS = ['Wire Service', 'Daily Ledger', 'Border Herald', 'Capital Times', 'El Observador'];

/**
 * Writes `count` documents of about 25 paragraphs (1–4 sentences each) into `dir`. Titles are
 * the opening words of a sentence, dates fall in 2025, and every tenth paragraph is a quotation
 * with a speaker, so the quote book has work to do.
 */
export async function writeSyntheticCorpus(dir: string, count: number, source: SourceText, seed = 12): Promise<void> {
  await mkdir(dir, { recursive: true });
  const random = seededRandom(seed);
  // Every list picked from is non-empty (checked by the caller's source), so an index in range.
  const pick = <T>(list: T[]): T => {
    const item = list[Math.floor(random() * list.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  const speakers = [
    'Marco Rubio',
    'Claudia Sheinbaum',
    'Juan Ramón de la Fuente',
    'Ronald Johnson',
    'Omar García Harfuch',
  ];
  for (let i = 0; i < count; i++) {
    const paragraphs: string[] = [];
    const n = 20 + Math.floor(random() * 11);
    for (let p = 0; p < n; p++) {
      const k = 1 + Math.floor(random() * 4);
      const text = Array.from({ length: k }, () => pick(source.sentences)).join(' ');
      if (p % 10 === 3) {
        const speaker = pick(speakers);
        paragraphs.push(`"${text.replace(/"/g, "'")}" ${speaker.split(' ').at(-1)} said.`);
      } else paragraphs.push(text);
    }
    const title = pick(source.sentences)
      .split(' ')
      .slice(0, 8)
      .join(' ')
      .replace(/[^\p{L}\p{N} ,'-]/gu, '');
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const front = [
      `title: ${JSON.stringify(title || `Report ${i}`)}`,
      `date: 2025-${month}-${day}`,
      `publisher: ${JSON.stringify(pick(PUBLISHERS))}`,
      'language: en',
      'partial: false',
    ].join('\n');
    await writeFile(
      path.join(dir, `doc-${String(i).padStart(5, '0')}.md`),
      `---\n${front}\n---\n\n${paragraphs.join('\n\n')}\n`,
    );
  }
}

/**
 * The fixed question set: news quiz questions when present, else questions made from corpus
 * sentences (their first content words); shuffled with a seed and cut to `count`.
 */
export function benchQuestions(source: SourceText, count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pool =
    source.newsQuestions.length >= count
      ? [...source.newsQuestions]
      : [...source.newsQuestions, ...source.sentences.map((s) => `What about ${s.split(' ').slice(0, 7).join(' ')}?`)];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [pool[i], pool[j]];
    if (a === undefined || b === undefined) continue;
    [pool[i], pool[j]] = [b, a];
  }
  return pool.slice(0, count);
}
