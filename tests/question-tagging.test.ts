/**
 * The part-of-speech reading of words the corpus never uses (src/question/question.ts `tagged`):
 * an adverb says how something happened, not what is asked, so it neither counts against the
 * answer nor is required; any other unknown word still weighs. The tagger reads a word alone
 * first and confirms it in the question, so these check both readings in whole questions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import { tempDataDir } from './helpers/corpus.js';

let pact: PactIndex;
beforeAll(async () => {
  pact = await PactIndex.open({ corpusDir: 'corpus', dataDir: await tempDataDir() });
});

const answer = (question: string) => pact.answerQuestion(question);

describe('unknown words by part of speech', () => {
  it('answers a question with an unknown adverb as it answers it without the adverb', () => {
    const plain = answer('When did the Security Implementation Group meet?');
    for (const question of [
      'When did the Security Implementation Group hurriedly meet?',
      'When did the Security Implementation Group meet hurriedly?',
    ]) {
      const withAdverb = answer(question);
      expect(withAdverb.notFound).toBe(false);
      expect(withAdverb.unknownTerms).toEqual(['hurriedly']);
      expect(withAdverb.answers.map((a) => [a.passageId, a.score])).toEqual(
        plain.answers.map((a) => [a.passageId, a.score]),
      );
    }
  });

  it('still weighs an unknown word that is not an adverb in the question', () => {
    const plain = answer('Which boats did the Security Implementation Group discuss?');
    const withAdjective = answer('Which fast boats did the Security Implementation Group discuss?');
    expect(withAdjective.unknownTerms).toEqual(['fast']);
    // The unknown adjective is part of what is asked: the same passages cover less of it.
    expect(withAdjective.answers[0]?.score ?? 0).toBeLessThan(plain.answers[0]?.score ?? 0);
  });

  it('refuses when the thing asked for is a noun the corpus never uses', () => {
    const refused = answer('Which orchestra played when the Security Implementation Group met?');
    expect(refused.notFound).toBe(true);
    expect(refused.unknownTerms).toEqual(['orchestra']);
  });
});
