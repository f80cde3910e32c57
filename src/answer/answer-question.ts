import type { CorpusDocument, Passage } from '../corpus/types.js';
import { documentContext } from '../corpus/passages.js';
import { splitSentences, type Sentence } from '../corpus/sentences.js';
import type { Analyzer, Language, QueryWord } from '../search/analyze.js';
import type { PassageIndex } from '../search/passage-index.js';
import { hasEvidence, nounsOf, questionType, type QuestionType } from '../search/question-type.js';
import { fold } from '../search/fold.js';
import { BoundedMemo } from '../search/bounded-memo.js';
import { citeDocument, type Answer, type AnswerPassage, type AskOptions } from './types.js';

/** What answering needs to read: the loaded corpus and its index. */
export interface SearchContext {
  analyzer: Analyzer;
  index: PassageIndex;
  languages: Language[];
  passage(id: string): Passage | undefined;
  document(id: string): CorpusDocument | undefined;
}

/**
 * Below this share of the question's weight (rare words weigh more), a passage does not answer
 * it: better to say "not found" than to quote a passage that merely shares a common word.
 */
export const MIN_COVERAGE = 0.5;
const CANDIDATES = 40;

interface WeightedWord extends QueryWord {
  /** Index terms that stand for the word here, typo-corrected where needed. */
  matches: Set<string>;
  weight: number;
  known: boolean;
}

interface Scored {
  passage: Passage;
  quote: Sentence;
  score: number;
  coverage: number;
}

/** Answers a question with ranked, verbatim passages, or says that the corpus does not answer it. */
export function answerQuestion(ctx: SearchContext, question: string, options: AskOptions = {}): Answer {
  const limit = options.limit ?? 3;
  const words = weighQuestion(ctx, question);
  const unknownTerms = words.filter((w) => !w.known && !w.alias).map((w) => w.word);
  const known = words.filter((w) => w.known);
  const notFound = (): Answer => ({ question, notFound: true, unknownTerms, answers: [] });
  if (known.length === 0 || namesUnknown(question, unknownTerms)) return notFound();
  // Unknown nouns are what the question is about ("the pope"), so they stay in the weight a
  // passage must cover (at half weight: the tagger is not always right); unknown verbs and
  // adverbs are phrasing ("describe") and drop out.
  // Tagging costs a millisecond, so only questions with unknown words pay for it.
  const nouns = unknownTerms.length > 0 ? nounsOf(question) : new Set<string>();
  const weighed = words
    .filter((w) => w.known || (!w.alias && nouns.has(w.word)))
    .map((w) => (w.known ? w : { ...w, weight: w.weight / 2 }));

  const type = questionType(question);
  const terms = [...new Set(known.flatMap((w) => [...w.matches]))];
  const hits = ctx.index.find(terms, { documentId: options.documentId, limit: CANDIDATES });
  const topBm25 = hits[0]?.score ?? 1;
  const scored: Scored[] = [];
  for (const hit of hits) {
    const passage = ctx.passage(hit.id);
    const doc = passage && ctx.document(passage.docId);
    if (!passage || !doc) continue;
    scored.push(scorePassage(weighed, type, analyzed(ctx.analyzer, passage, doc), hit.score / topBm25));
  }
  const answers = pickAnswers(scored, limit);
  if (answers.length === 0) return notFound();
  return {
    question,
    notFound: false,
    unknownTerms,
    answers: answers.map((s) => toAnswerPassage(ctx, s)),
  };
}

function weighQuestion(ctx: SearchContext, question: string): WeightedWord[] {
  const words = ctx.analyzer.queryWords(question, ctx.languages);
  const maxIdf = ctx.index.idf('\u0000never-indexed');
  const weighed = words.map((word) => {
    const matches = new Set(word.alias ? word.terms.filter((t) => ctx.index.frequency(t) > 0) : word.terms.flatMap((t) => ctx.index.nearTerms(t)));
    const idfs = [...matches].map((t) => ctx.index.idf(t));
    return { ...word, matches, known: matches.size > 0, weight: idfs.length ? Math.max(...idfs) : maxIdf };
  });
  // A word inside a known alias phrase ("mayo" in "El Mayo") is known through the phrase.
  const knownPhrases = new Set(weighed.filter((w) => w.alias && w.known).flatMap((w) => w.terms));
  for (const w of weighed) {
    if (!w.known && w.phrase && knownPhrases.has(w.phrase)) {
      w.known = true;
      w.matches = new Set([w.phrase]);
      w.weight = ctx.index.idf(w.phrase);
    }
  }
  // The phrase's words already carry its weight; counting the phrase again would double it.
  return weighed.filter((w) => !(w.alias && weighed.some((o) => o.phrase && w.terms.includes(o.phrase))));
}

/** A question about a person, place or year the corpus never mentions ("Merkel", "2024"). */
function namesUnknown(question: string, unknownTerms: string[]): boolean {
  const names = new Set(properNouns(question));
  return unknownTerms.some((word) => names.has(word) || /^\d+$/.test(word));
}

// Imperatives that open a request in capitals without naming anything.
const OPENERS = new Set(['describe', 'explain', 'list', 'summarize', 'summarise', 'give', 'name', 'show', 'find', 'compare', 'define', 'quote']);

/** Folded capitalised words of a question: the names it asks about. */
function properNouns(question: string): string[] {
  const names = question.match(/(?<![\p{L}'’])\p{Lu}[\p{L}'’-]*/gu) ?? [];
  return names.map((n) => fold(n).replace(/'s?$/, '')).filter((n) => !OPENERS.has(n));
}

/**
 * The share of the question's weight found in the text; a word found only in the document's
 * title, byline or date (`context`) counts half, as it frames the passage without stating it.
 */
function covered(words: WeightedWord[], terms: Set<string>, context: Set<string>): number {
  const has = (w: WeightedWord, set: Set<string>) => [...w.matches].some((t) => set.has(t)) || (w.phrase !== undefined && set.has(w.phrase));
  const total = words.reduce((sum, w) => sum + w.weight, 0);
  const got = words.reduce((sum, w) => sum + (has(w, terms) ? w.weight : has(w, context) ? w.weight / 2 : 0), 0);
  return total > 0 ? got / total : 0;
}

/** Adjacent question words found adjacent in the text: rewards the question's phrasing. */
function phraseBonus(words: WeightedWord[], tokens: string[]): number {
  let pairs = 0;
  let found = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i].alias || words[i + 1].alias) continue;
    pairs++;
    const a = words[i].matches;
    const b = words[i + 1].matches;
    if (tokens.some((t, k) => a.has(t) && k + 1 < tokens.length && (b.has(tokens[k + 1]) || b.has(tokens[k + 2] ?? '')))) found++;
  }
  return pairs ? found / pairs : 0;
}

/** A passage's analysis, computed once per passage and kept while the passage lives. */
interface AnalyzedPassage {
  passage: Passage;
  tokens: string[];
  /** `tokens` as a set, for coverage. */
  terms: Set<string>;
  sentences: { sentence: Sentence; tokens: string[]; terms: Set<string> }[];
  /** Terms of the document's title, byline and date, and of the previous paragraph. */
  context: Set<string>;
}

/** Passages analysed recently (bounded: a bot answering for months touches every passage). */
export const ANALYSED_PASSAGES = 10_000;
const analyses = new WeakMap<Analyzer, BoundedMemo<Passage, AnalyzedPassage>>();

/** How many passage analyses are remembered for this analyzer (for tests). */
export function analysedPassageCount(analyzer: Analyzer): number {
  return analyses.get(analyzer)?.size ?? 0;
}

function analyzed(analyzer: Analyzer, passage: Passage, doc: CorpusDocument): AnalyzedPassage {
  let memo = analyses.get(analyzer);
  if (!memo) analyses.set(analyzer, (memo = new BoundedMemo(ANALYSED_PASSAGES)));
  return memo.get(passage, () => {
    const language = doc.meta.language;
    const sentences = splitSentences(passage.text).map((sentence) => {
      const sentenceTokens = analyzer.tokens(sentence.text, language);
      return { sentence, tokens: sentenceTokens, terms: new Set(sentenceTokens) };
    });
    // The sentences cover the passage, so their tokens are the passage's: tokenized once.
    const tokens = sentences.length > 0 ? sentences.flatMap((s) => s.tokens) : analyzer.tokens(passage.text, language);
    // A paragraph often leans on the one before it ("the meeting" names the meeting just
    // described), so the previous paragraph frames it as the title does.
    const context = new Set(contextTokens(analyzer, doc));
    for (const t of analyzer.tokens(doc.paragraphs[passage.paragraph - 2] ?? '', language)) context.add(t);
    return { passage, tokens, terms: new Set(tokens), sentences, context };
  });
}

/** Terms of a document's title, byline and date, worked out once per document. */
const documentContexts = new WeakMap<Analyzer, WeakMap<CorpusDocument, string[]>>();

function contextTokens(analyzer: Analyzer, doc: CorpusDocument): string[] {
  let memo = documentContexts.get(analyzer);
  if (!memo) documentContexts.set(analyzer, (memo = new WeakMap()));
  let tokens = memo.get(doc);
  if (!tokens) memo.set(doc, (tokens = analyzer.tokens(documentContext(doc), doc.meta.language)));
  return tokens;
}

function scorePassage(words: WeightedWord[], type: QuestionType, a: AnalyzedPassage, bm25: number): Scored {
  const coverage = covered(words, a.terms, a.context);
  let best = { index: -1, score: -1 };
  a.sentences.forEach(({ sentence, tokens, terms }, index) => {
    const score = covered(words, terms, a.context) + 0.3 * phraseBonus(words, tokens) + (hasEvidence(type, sentence.text) ? 0.2 : 0);
    if (score > best.score) best = { index, score };
  });
  const { passage } = a;
  const quote = best.index < 0 ? { text: passage.text, start: 0, end: passage.text.length } : markedSpan(a, best.index, words);
  const typeBonus = hasEvidence(type, quote.text) ? 0.15 : 0;
  const score = 0.3 * bm25 + 0.4 * coverage + 0.4 * best.score + 0.15 * phraseBonus(words, a.tokens) + typeBonus;
  return { passage, quote, score, coverage };
}

/**
 * The best sentence, joined with its neighbour when the answer runs over both: when the
 * neighbour adds at least a quarter of the question's weight that the best sentence lacks.
 */
function markedSpan(a: AnalyzedPassage, best: number, words: WeightedWord[]): Sentence {
  const alone = covered(words, a.sentences[best].terms, new Set());
  let first = best;
  let last = best;
  let gain = 0.25;
  for (const other of [best - 1, best + 1]) {
    if (other < 0 || other >= a.sentences.length) continue;
    const together = covered(words, new Set([...a.sentences[best].tokens, ...a.sentences[other].tokens]), new Set());
    if (together - alone >= gain) {
      gain = together - alone;
      [first, last] = other < best ? [other, best] : [best, other];
    }
  }
  const start = a.sentences[first].sentence.start;
  const end = a.sentences[last].sentence.end;
  return { text: a.passage.text.slice(start, end), start, end };
}

/** The best passages that answer well enough, one per paragraph. */
function pickAnswers(scored: Scored[], limit: number): Scored[] {
  const seen = new Set<string>();
  return scored
    .filter((s) => s.coverage >= MIN_COVERAGE)
    .sort((a, b) => b.score - a.score)
    .filter((s) => {
      const key = `${s.passage.docId}#${s.passage.paragraph}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit);
}

function toAnswerPassage(ctx: SearchContext, s: Scored): AnswerPassage {
  return {
    passageId: s.passage.id,
    text: s.passage.text,
    quote: s.quote.text,
    paragraph: s.passage.paragraph,
    score: Math.round(s.score * 1000) / 1000,
    document: citeDocument(ctx.document(s.passage.docId)!),
  };
}
