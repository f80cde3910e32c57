import { describe, expect, it } from 'vitest';
import { QuoteBook } from '../src/quotes/quote-book.js';
import { typoEdits } from '../src/search/typos.js';
import { makeDoc } from './quotes-helpers.js';

describe('one typo policy for every index', () => {
  it('corrects only long words: one edit from 7 letters, two from 12, never aliases or numbers', () => {
    expect(typoEdits('angela')).toBe(false);
    expect(typoEdits('borders')).toBe(1);
    expect(typoEdits('sovereignty')).toBe(1);
    expect(typoEdits('extraditions')).toBe(2);
    expect(typoEdits('@amlo')).toBe(false);
    expect(typoEdits('article2025')).toBe(false);
  });

  const angel = makeDoc(['"The angel of the border is a myth," Ana Ruiz said.'], { id: 'angel' });
  const sovereignty = makeDoc(['"Our sovereignty is not negotiable," Claudia Sheinbaum said.'], { id: 'sovereignty' });
  const book = QuoteBook.build([angel, sovereignty]);
  const about = (words: string) => book.find({ about: words }).map((q) => q.docId);

  it('the quote book does not take a short word for a typo of another ("angela" is not "angel")', () => {
    expect(about('angel')).toEqual(['angel']);
    expect(about('angela')).toEqual([]);
  });

  it('the quote book forgives a typo in a long word', () => {
    expect(about('soverignty')).toEqual(['sovereignty']);
  });
});
