import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { splitSentences } from '../src/corpus/sentences.js';

// Where each corpus document came from, as received (seeds/ holds them unchanged).
const SEED = 'seeds/000_084f7af2b1a7369b.txt';
const sourceOf = (id: string) => (id.startsWith('wsws-') ? SEED : path.join('seeds/corpus-sources', `${id}.md`));

// Page-break repair only joins lines, so whitespace runs are compared as one space.
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('every quoted word is what the source says', async () => {
  const { documents } = await loadCorpus('corpus');

  it('has a source for every document', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  for (const doc of documents) {
    it(`${doc.id}: every sentence occurs verbatim in its source`, async () => {
      const source = squash(await readFile(sourceOf(doc.id), 'utf8'));
      const missing = doc.paragraphs
        .flatMap((p) => splitSentences(p).map((s) => s.text))
        .filter((sentence) => !source.includes(squash(sentence)));
      expect(missing).toEqual([]);
    });
  }
});
