import { PactIndex } from '../../src/pact-index.js';
import type { Vocabulary } from '../../src/question/question.js';
import { Analyzer } from '../../src/search/analyze.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { corpusFile, makeCorpus, tempDataDir } from './corpus.js';

/** A corpus of one document built for one test, so the expectation does not lean on today's documents. */
export async function openCorpus(paragraphs: string[], title = 'Border statement'): Promise<PactIndex> {
  const dir = await makeCorpus({ 'doc.md': corpusFile({ title, date: '2025-09-03' }, paragraphs) });
  return PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
}

/** The vocabulary of a few paragraphs: what parsing a question reads from a corpus. */
export function vocabularyOf(paragraphs: string[]): Vocabulary {
  const analyzer = new Analyzer();
  const index = PassageIndex.create(analyzer);
  index.add(
    paragraphs.map((text, i) => ({ id: `doc#${i + 1}`, docId: 'doc', paragraph: i + 1, text })),
    'en',
    'Border statement',
  );
  return { analyzer, index, languages: ['en'] };
}
