/**
 * The one test fake of the corpus index the commands use (`AnswerIndex`): every field is there, so
 * a command never meets a part of the index that production always has but a fake left out.
 */
import type { Answer } from '../../src/answer/types.js';
import type { CorpusDocument } from '../../src/corpus/types.js';
import type { AnswerIndex, QuoteIndex } from '../../src/discord/types.js';

/** A corpus with nobody quoted. */
export const noQuotations: QuoteIndex = {
  find: () => [],
  speakers: () => [],
  suggestSpeakers: () => [],
  resolveSpeaker: () => undefined,
  lookUpSpeaker: () => ({ candidates: [] }),
};

/**
 * An index over `docs` that finds nothing for any question and quotes nobody; `overrides` replace
 * any part (an `answerQuestion` that returns prepared passages, a `quotes` with quotations).
 */
export function fakeIndex(docs: CorpusDocument[] = [], overrides: Partial<AnswerIndex> = {}): AnswerIndex {
  return {
    documents: () => docs,
    problems: () => [],
    getDocument: (id) => docs.find((d) => d.id === id),
    suggestDocuments: (partial, limit = 25) =>
      docs
        .filter((d) => d.meta.title.toLowerCase().includes(partial.toLowerCase()))
        .slice(0, limit)
        .map((d) => ({ id: d.id, title: d.meta.title })),
    stats: () => ({ documents: docs.length, passages: 0, lastChanged: new Date(0).toISOString() }),
    answerQuestion: (question): Answer => ({ question, notFound: true, unknownTerms: [], answers: [] }),
    prepareQuestion: () => Promise.resolve(),
    quotes: noQuotations,
    ...overrides,
  };
}

/** A real index (a `PactIndex`) with some parts replaced, e.g. answers blown up to test Discord's limits. */
export function wrapIndex(real: AnswerIndex, overrides: Partial<AnswerIndex>): AnswerIndex {
  return {
    documents: () => real.documents(),
    problems: () => real.problems(),
    getDocument: (id) => real.getDocument(id),
    suggestDocuments: (partial, limit) => real.suggestDocuments(partial, limit),
    stats: () => real.stats(),
    answerQuestion: (question, opts) => real.answerQuestion(question, opts),
    prepareQuestion: (question) => real.prepareQuestion(question),
    quotes: real.quotes,
    ...overrides,
  };
}
