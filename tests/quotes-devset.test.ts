import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateQuotes, formatEvaluation, readQuoteSet } from '../src/quotes/evaluate.js';
import { extractQuotes } from '../src/quotes/extract.js';
import { expectVerbatim } from './quotes-helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('labelled news documents outside the corpus', () => {
  it('the gold labels quote every text verbatim', async () => {
    for (const name of ['quotes-dev.json', 'quotes-untouched.json']) {
      const set = await readQuoteSet(path.join(fixtures, name));
      for (const g of set.gold)
        expect(set.documents.find((d) => d.id === g.docId)!.paragraphs.join('\n\n')).toContain(g.text);
      for (const doc of set.documents) expectVerbatim(doc, extractQuotes(doc));
    }
  });

  it('development set (tuned on): every attributed quotation right, nearly all found', async () => {
    const set = await readQuoteSet(path.join(fixtures, 'quotes-dev.json'));
    const result = evaluateQuotes(set.documents, set.gold);
    if (result.attributedPrecision < 1) console.log(formatEvaluation(result));
    expect(result.wrongSpeaker).toBe(0);
    expect(result.attributedPrecision).toBe(1);
    expect(result.attributedRecall).toBeGreaterThanOrEqual(0.95); // 47 of 49 today (0.959)
  });

  it('untouched set (never tuned on): no wrong speaker, every quotation found (what the rules achieve today)', async () => {
    const set = await readQuoteSet(path.join(fixtures, 'quotes-untouched.json'));
    const result = evaluateQuotes(set.documents, set.gold);
    if (result.attributedPrecision < 1 || result.attributedRecall < 1) console.log(formatEvaluation(result));
    expect(result.wrongSpeaker).toBe(0);
    expect(result.attributedPrecision).toBe(1);
    expect(result.attributedRecall).toBe(1);
  });
});
