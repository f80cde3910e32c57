import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/corpus/sentences.js';
import { MAX_PASSAGE_CHARS, segmentPassages } from '../src/corpus/passages.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import type { CorpusDocument } from '../src/corpus/types.js';
import { at } from './helpers/at.js';

const sentences = (text: string) => splitSentences(text).map((s) => s.text);

describe('sentence boundaries for news text', () => {
  it('does not break after U.S., titles, months or initials', () => {
    expect(
      sentences(
        'A U.S. State Department spokesman met Gen. Tomás Ángeles on Jan. 5 with Mr. J. R. Smith. Then they left.',
      ),
    ).toEqual([
      'A U.S. State Department spokesman met Gen. Tomás Ángeles on Jan. 5 with Mr. J. R. Smith.',
      'Then they left.',
    ]);
  });

  it('keeps quoted sentences whole and returns verbatim slices', () => {
    const text = '"We have reached a historical level of cooperation," he said. "It is." Next.';
    const found = splitSentences(text);
    expect(found.map((s) => s.text)).toEqual([
      '"We have reached a historical level of cooperation," he said.',
      '"It is."',
      'Next.',
    ]);
    for (const s of found) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('passages', () => {
  it('rejoins the paragraphs the seed splits at page breaks', async () => {
    const { documents } = await loadCorpus('corpus');
    const seed = documents.find((d) => d.id.startsWith('wsws'))!;
    expect(seed.paragraphs).toContainEqual(
      expect.stringContaining('eliminating clandestine border tunnels and stemming fuel theft.'),
    );
    expect(seed.paragraphs).toContainEqual(
      expect.stringContaining('prevent the abuse of illicit substances and opioids.'),
    );
    expect(seed.paragraphs).toContainEqual(
      expect.stringContaining('enthusiasm for Mexico and Sheinbaum is in large part'),
    );
    // The site's contact footer is not part of the article.
    expect(seed.paragraphs.join('\n')).not.toMatch(/To contact the WSWS/);
    expect(seed.paragraphs[0]).toMatch(/^On September 3, a day after/);
  });

  it('numbers passages by paragraph as a reader counts, with stable ids', async () => {
    const { documents } = await loadCorpus('corpus');
    const fto = documents.find((d) => d.id.startsWith('state-fto'))!;
    const passages = segmentPassages(fto);
    expect(passages[0]).toMatchObject({ id: `${fto.id}#1`, paragraph: 1 });
    expect(passages.map((p) => p.paragraph)).toEqual([1, 2, 3, 4, 5]);
    expect(segmentPassages(fto)).toEqual(passages);
  });

  it('splits a long paragraph into overlapping windows of whole sentences', () => {
    const paragraph = Array.from(
      { length: 30 },
      (_, i) => `Sentence number ${i + 1} says something about the pact.`,
    ).join(' ');
    const doc: CorpusDocument = {
      id: 'long',
      file: 'long.md',
      header: [],
      paragraphs: ['Short.', paragraph],
      meta: { title: 'T', date: '2025', language: 'en', partial: false },
    };
    const passages = segmentPassages(doc).filter((p) => p.paragraph === 2);
    expect(passages.length).toBeGreaterThan(1);
    for (const [i, p] of passages.entries()) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(paragraph).toContain(p.text);
      expect(p.text).toMatch(/^Sentence number \d+ .*pact\.$/);
      expect(p.id).toBe(`long#2.${i + 1}`);
      if (i > 0) {
        const lastOfPrevious = splitSentences(at(passages, i - 1).text).at(-1)!.text;
        expect(p.text.startsWith(lastOfPrevious)).toBe(true);
      }
    }
    expect(passages.at(-1)!.text).toMatch(/Sentence number 30 /);
  });
});
