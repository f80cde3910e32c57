import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { evaluateQuotes, formatEvaluation, readQuoteSet, type QuoteEvaluation } from '../src/quotes/evaluate.js';
import type { Quotation } from '../src/quotes/types.js';

let counter = 0;

/** A small synthetic document. */
export function makeDoc(
  paragraphs: string[],
  meta: Partial<CorpusDocument['meta']> & { id?: string } = {},
): CorpusDocument {
  const id = meta.id ?? `doc-${++counter}`;
  return {
    id,
    file: `${id}.md`,
    meta: {
      title: meta.title ?? `Document ${id}`,
      date: meta.date ?? '2025-09-01',
      language: meta.language ?? 'en',
      partial: meta.partial ?? false,
      url: meta.url,
    },
    header: [],
    paragraphs,
  };
}

/** Every piece of every quotation, and its context, occurs verbatim in the document. */
export function expectVerbatim(doc: CorpusDocument, quotes: Quotation[]): void {
  for (const q of quotes) {
    for (const piece of q.text.split('\n\n')) {
      expect(
        doc.paragraphs.some((p) => p.includes(piece)),
        `"${piece}" verbatim in ${doc.id}`,
      ).toBe(true);
    }
    for (const piece of q.context.split('\n\n')) {
      expect(
        doc.paragraphs.some((p) => p.includes(piece)),
        `context "${piece}" verbatim in ${doc.id}`,
      ).toBe(true);
    }
    expect(doc.paragraphs[q.paragraph - 1]).toContain(q.text.split('\n\n')[0]);
    expect(q.attributed).toBe(q.speaker !== null);
  }
}

/**
 * Scores a labelled set in tests/fixtures against its gold labels, after checking that every
 * label quotes its document verbatim; prints the details when a speaker is wrong.
 */
export async function scoreQuoteFixture(name: string): Promise<QuoteEvaluation> {
  const set = await readQuoteSet(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name));
  for (const g of set.gold)
    expect(set.documents.find((d) => d.id === g.docId)!.paragraphs.join('\n\n')).toContain(g.text);
  const result = evaluateQuotes(set.documents, set.gold);
  if (result.wrongSpeaker > 0) console.log(formatEvaluation(result));
  return result;
}
