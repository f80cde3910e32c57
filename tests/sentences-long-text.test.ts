import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { splitSentences } from '../src/corpus/sentences.js';

/**
 * A corpus file may hold one enormous paragraph (a feed item with no paragraph breaks, a pasted
 * transcript). V8's sentence segmenter slows down with the length of the text it is given, so a
 * 1.5 MB paragraph once took over a minute to load; sentences are now found window by window.
 */

/**
 * The reference: the segmenter over the whole text at once, pieces re-joined after an
 * abbreviation or before a lower-case start, as sentences.ts documents it (the slow way).
 */
function wholeTextSentences(text: string): { text: string; start: number; end: number }[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: { start: number; end: number }[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const previous = out.at(-1);
    const abbreviation = previous && ABBREVIATION_END.test(text.slice(previous.start, previous.end));
    if (previous && (abbreviation || /^\s*[a-zà-ÿ0-9,;]/u.test(segment))) previous.end = index + segment.length;
    else out.push({ start: index, end: index + segment.length });
  }
  return out
    .map(({ start, end }) => {
      const whole = text.slice(start, end);
      const lead = whole.length - whole.trimStart().length;
      return { text: whole.trim(), start: start + lead, end: start + lead + whole.trim().length };
    })
    .filter((s) => s.text.length > 0);
}
/** The abbreviations the generated text below uses (and initials: one letter and a period). */
const ABBREVIATION_END = /(?:^|[\s(“"‘'])(?:U\.S\.|Gen\.|etc\.|Mr\.|[A-Za-z]\.)\s*$/u;

const SENTENCE = 'The security group reviewed the fentanyl figures again. ';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sentences of a very long paragraph', () => {
  it('never hands the segmenter the whole of a 1.5 MB paragraph', () => {
    const text = SENTENCE.repeat(27_000).trim();
    const seen: number[] = [];
    const original = Intl.Segmenter.prototype.segment;
    vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, input: string) {
      seen.push(input.length);
      return original.call(this, input);
    });
    const sentences = splitSentences(text);
    expect(sentences).toHaveLength(27_000);
    expect(sentences.at(-1)).toEqual({
      text: SENTENCE.trim(),
      start: text.length - SENTENCE.trim().length,
      end: text.length,
    });
    expect(Math.max(...seen)).toBeLessThan(20_000);
  });

  it('a sentence longer than the window stays one sentence', () => {
    const long = `Word ${'word '.repeat(3000)}end.`;
    const text = `First one. ${long} Last one.`;
    expect(splitSentences(text).map((s) => s.text)).toEqual(['First one.', long, 'Last one.']);
  });

  it('finds the same sentences as the segmenter over the whole text', () => {
    const words = [
      'The',
      'pact',
      'U.S.',
      'Gen.',
      'said.',
      '"Yes."',
      '(see',
      'p.)',
      'etc.',
      'Mr.',
      '3.5',
      '!',
      '?',
      '\n\n',
      'word',
      'Mexico.',
      '“Quote,”',
      'J.',
      'b.',
      '«No»',
      'dijo.',
      ')',
      '.',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { minLength: 800, maxLength: 3000 }),
        fc.constantFrom(' ', '  '),
        (tokens, gap) => {
          const text = tokens.join(gap);
          expect(splitSentences(text)).toEqual(wholeTextSentences(text));
        },
      ),
      { numRuns: 60 },
    );
  });
});
