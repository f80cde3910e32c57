import type { CorpusDocument, Passage } from '../corpus/types.js';
import { documentContext } from '../corpus/passages.js';
import { splitSentences, type Sentence } from '../corpus/sentences.js';
import type { Analyzer, Language } from '../search/analyze.js';
import type { PassageIndex } from '../search/passage-index.js';
import { CRISP_TYPES, hasEvidence, holdsAnswerType } from '../search/question-type.js';
import type { QuoteBook } from '../quotes/quote-book.js';
import type { Quotation } from '../quotes/types.js';
import { parseQuestion, type Question, type QuestionWord } from '../question/question.js';
import { answerSettings, type AnswerSettings } from './settings.js';
import { BoundedMemo } from '../search/bounded-memo.js';
import { citeDocument, type Answer, type AnswerPassage, type AskOptions } from './types.js';
import { cosine, type Semantics } from './embeddings.js';

/** What answering needs to read: the loaded corpus, its index and (lazily) its quotations. */
export interface SearchContext {
  analyzer: Analyzer;
  index: PassageIndex;
  languages: Language[];
  passage(id: string): Passage | undefined;
  document(id: string): CorpusDocument | undefined;
  /** The passages of a document, to find the one holding a quotation. */
  passages?(docId: string): Passage[];
  /** Extracted on first use, so only "what did X say" questions pay for it. */
  quotes?(): QuoteBook;
}

export interface Scored {
  passage: Passage;
  quote: Sentence;
  score: number;
  /**
   * Share of the question's weight the passage covers, its framing words weighed as refusal
   * reads them (`framingEvidenceWeight`): the evidence that it answers.
   */
  evidence: number;
  /** The same share with framing words weighed as the ranking reads them (`framingWeight`). */
  coverage: number;
  /** Cosine of the question's and the passage's sentence embeddings, when both are known. */
  similarity?: number;
  /** The passage's sentences (for their embeddings). */
  sentences: readonly Sentence[];
  source: AnswerPassage['source'];
}

/**
 * Answers a question with ranked, verbatim passages, or says that the corpus does not answer it.
 * Passages from the index and, for "what did X say?", X's quotations are scored by one ranker.
 */
export function answerQuestion(ctx: SearchContext, asked: string, options: AskOptions = {}): Answer {
  const settings = answerSettings(options.settings);
  const question = parseQuestion(asked, ctx, settings);
  const limit = options.limit ?? 3;
  const notFound = (): Answer => ({
    question: asked,
    notFound: true,
    unknownTerms: question.unknownTerms,
    answers: [],
    ...(question.otherLanguage ? { otherLanguage: true } : {}),
  });
  // A greeting, thanks or "help" has nothing to search: a hint on how to ask, not a weak match.
  if (question.nothingAsked) return { ...notFound(), nothingAsked: true };
  if (!question.words.some((w) => w.known || w.synonyms.size > 0) || question.missing.length > 0) return notFound();

  const { scored, bm25 } = rankCandidates(ctx, question, settings, options.documentId);
  const rescore = semanticRescorer(scored, question.asked, options.semantics, settings);
  scored.forEach(rescore);
  // Refusal is decided once for the question, on its best evidence; the passages shown beside the
  // best need only `shownEvidenceShare` of it, so a right passage a little less covered still shows.
  const holdsAnswer = answerTypeCheck(question, settings);
  const passages = scored.some((s) => hasEvidenceFor(s, settings, 1) && holdsAnswer(s))
    ? scored.filter((s) => hasEvidenceFor(s, settings, settings.shownEvidenceShare) && holdsAnswer(s))
    : [];
  const quotations = options.documentId ? [] : quotationAnswers(ctx, question, bm25, settings, limit, rescore);
  const answers = pickAnswers([...quotations, ...passages], limit);
  if (answers.length === 0) return notFound();
  return {
    question: asked,
    notFound: false,
    unknownTerms: question.unknownTerms,
    answers: answers.map((s) => toAnswerPassage(ctx, s)),
  };
}

/** For "when / how long / how many" questions, whether a passage holds a fact of that kind. */
function answerTypeCheck(question: Question, settings: AnswerSettings): (s: Scored) => boolean {
  if (!settings.refuseWithoutAnswerType || !CRISP_TYPES.has(question.type)) return () => true;
  return (s) => holdsAnswerType(question, s.quote.text);
}

/**
 * Whether a passage holds enough evidence (`share` of the threshold): with a sentence embedding,
 * its word evidence plus its similarity to the question must reach `minSemanticEvidence`;
 * without one (not embedded yet, or embeddings off), its word evidence must reach `minEvidence`.
 */
function hasEvidenceFor(s: Scored, settings: AnswerSettings, share: number): boolean {
  if (s.similarity === undefined) return s.evidence >= settings.minEvidence * share;
  return s.evidence + settings.semanticEvidenceWeight * s.similarity >= settings.minSemanticEvidence * share;
}

/**
 * With the question's and the passages' embeddings, a candidate's score becomes the fusion of
 * its lexical score and its similarity, each min–max normalised over the candidates (raw sums
 * of such different scales are known not to help): `(1 - w) · lexical + w · similarity`, where
 * `w` (`fusionWeight`) grows as the best candidate's word coverage thins. A passage not embedded
 * yet keeps its lexical rank (its normalised lexical score stands in for its similarity). Without
 * embeddings, scores are unchanged.
 */
function semanticRescorer(
  scored: Scored[],
  asked: string,
  semantics: Semantics | undefined,
  settings: AnswerSettings,
): (s: Scored) => void {
  const vector = settings.semanticWeight > 0 ? semantics?.question(asked) : undefined;
  if (!semantics || !vector) return () => {};
  const similarity = (s: Scored): number | undefined => {
    const p = semantics.passage(s.passage.text);
    if (!p) return undefined;
    const whole = cosine(vector, p);
    const share = settings.sentenceSemanticShare;
    if (share <= 0 || s.sentences.length < 2) return whole;
    let best = -1;
    for (const sentence of s.sentences) {
      const v = semantics.passage(sentence.text);
      if (v) best = Math.max(best, cosine(vector, v));
    }
    return best < -0.5 ? whole : (1 - share) * whole + share * best;
  };
  for (const s of scored) s.similarity = similarity(s);
  const lexical = minMax(scored.map((s) => s.score));
  const similar = minMax(scored.flatMap((s) => (s.similarity === undefined ? [] : [s.similarity])));
  const w = fusionWeight(Math.max(0, ...scored.map((s) => s.coverage)), settings);
  return (s) => {
    s.similarity ??= similarity(s);
    const lex = lexical(s.score);
    s.score = (1 - w) * lex + w * (s.similarity === undefined ? lex : similar(s.similarity));
  };
}

/**
 * The similarity's share of the fusion for a question whose best candidate covers `bestCoverage`
 * of its weight: `semanticWeight` from `strongEvidence` up, `thinEvidenceSemanticWeight` at
 * `thinEvidence` and below, linear between. Thin word evidence ranks the candidates poorly, so
 * their meaning decides more.
 */
export function fusionWeight(bestCoverage: number, settings: AnswerSettings): number {
  const { semanticWeight, thinEvidenceSemanticWeight, thinEvidence, strongEvidence } = settings;
  if (strongEvidence <= thinEvidence)
    return bestCoverage < strongEvidence ? thinEvidenceSemanticWeight : semanticWeight;
  const strength = Math.min(1, Math.max(0, (bestCoverage - thinEvidence) / (strongEvidence - thinEvidence)));
  return thinEvidenceSemanticWeight + (semanticWeight - thinEvidenceSemanticWeight) * strength;
}

/** Maps values onto [0, 1] by the smallest and largest of `values` (clamped; 1 when all are equal). */
function minMax(values: number[]): (x: number) => number {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return (x) => (hi > lo ? Math.min(1, Math.max(0, (x - lo) / (hi - lo))) : 1);
}

/** The index's candidates for a question, each scored by the ranker (unsorted, unfiltered). */
export function rankCandidates(
  ctx: SearchContext,
  question: Question,
  settings: AnswerSettings,
  documentId?: string,
): { scored: Scored[]; bm25: Map<string, number> } {
  const terms = [...new Set(question.words.flatMap((w) => [...w.matches, ...w.synonyms]))];
  const hits = ctx.index.find(terms, { documentId, limit: settings.candidates });
  const topBm25 = hits[0]?.score ?? 1;
  const bm25 = new Map(hits.map((h) => [h.id, h.score / topBm25]));
  const scored: Scored[] = [];
  for (const hit of hits) {
    const a = analyzedPassage(ctx, hit.id);
    if (a) scored.push(scorePassage(question, a, bm25.get(hit.id) ?? 0, settings));
  }
  return { scored, bm25 };
}

/**
 * "What did X say (about Y)?": X's quotations, scored like any passage with the quotation as the
 * marked sentence, plus `quotationWeight`: the quote book's attribution is the direct answer.
 * A speaker's quotation needs no topic evidence unless the question names a topic.
 */
function quotationAnswers(
  ctx: SearchContext,
  question: Question,
  bm25: Map<string, number>,
  settings: AnswerSettings,
  limit: number,
  rescore: (s: Scored) => void,
): Scored[] {
  if (question.intent.kind !== 'speaker' || !ctx.quotes || !ctx.passages) return [];
  const book = ctx.quotes();
  const speaker = book.resolveSpeaker(question.intent.speaker);
  if (!speaker) return [];
  const out: Scored[] = [];
  for (const q of book.find({ speaker: speaker.name, about: question.intent.about, limit })) {
    const found = quotationPassage(ctx, q);
    const a = found && analyzedPassage(ctx, found.passage.id);
    if (!found || !a) continue;
    const s = scorePassage(question, a, bm25.get(found.passage.id) ?? 0, settings, found.quote);
    rescore(s);
    out.push({ ...s, score: s.score + settings.quotationWeight, source: 'quotation' });
  }
  return out;
}

/** The passage holding a quotation, and the quotation's sentence in it. */
function quotationPassage(ctx: SearchContext, q: Quotation): { passage: Passage; quote: Sentence } | undefined {
  // split() always yields at least one part.
  const sentence = q.context.split('\n\n')[0] ?? q.context;
  const words = q.text.split('\n\n')[0] ?? q.text;
  const candidates = (ctx.passages?.(q.docId) ?? []).filter((p) => p.paragraph === q.paragraph);
  for (const text of [sentence, words]) {
    const passage = candidates.find((p) => p.text.includes(text));
    if (passage) {
      const start = passage.text.indexOf(text);
      return { passage, quote: { text, start, end: start + text.length } };
    }
  }
  return undefined;
}

/**
 * The share of the question's weight found in the text; a word found only in the document's
 * title, byline or the previous paragraph (`context`) earns `contextShare` of its weight.
 */
function covered(
  words: QuestionWord[],
  terms: Terms,
  context: Terms,
  settings: AnswerSettings,
  weightOf: (w: QuestionWord) => number = (w) => w.weight,
): number {
  const found = foundIn(words, terms);
  const inContext = foundIn(words, context);
  let total = 0;
  let got = 0;
  words.forEach((w, i) => {
    const weight = weightOf(w);
    total += weight;
    if (found.matched[i]) got += weight;
    else if (inContext.matched[i]) got += weight * settings.contextShare;
    else if (found.synonym[i]) got += weight * settings.synonymShare;
  });
  return total > 0 ? got / total : 0;
}

/**
 * A word's weight in the refusal evidence: a framing word ("A storm hit California this week.
 * Which part…?") weighs `framingEvidenceWeight` instead of the ranking's `framingWeight`. The
 * framing names the event the question is about: a passage about it is evidence that the corpus
 * covers the question, though the passage to rank first is the one that answers the question proper.
 */
function refusalWeight(settings: AnswerSettings): (w: QuestionWord) => number {
  return (w) => (w.role === 'framing' ? w.rarity * settings.framingEvidenceWeight : w.weight);
}

/** What `covered` reads of a text's terms. */
interface Terms {
  has(term: string): boolean;
}

/** Which of a question's words a text holds, by a match or its phrase, and which by a synonym (1 or 0 per word). */
interface Found {
  words: QuestionWord[];
  matched: Uint8Array;
  synonym: Uint8Array;
}

/**
 * The same sentence and context sets are asked about again and again for one question (each
 * sentence's score, the marked span, the context of every sentence), so what they hold is kept
 * with the set until the next question asks.
 */
const foundInSet = new WeakMap<Terms, Found>();

function foundIn(words: QuestionWord[], terms: Terms): Found {
  const kept = foundInSet.get(terms);
  if (kept?.words === words) return kept;
  const { matches, synonyms } = lookupOf(words);
  const found = { words, matched: new Uint8Array(words.length), synonym: new Uint8Array(words.length) };
  words.forEach((w, i) => {
    if (holds(terms, matches[i]) || (w.phrase !== undefined && terms.has(w.phrase))) found.matched[i] = 1;
    if (holds(terms, synonyms[i])) found.synonym[i] = 1;
  });
  if (terms instanceof Set) foundInSet.set(terms, found);
  return found;
}

function holds(set: Terms, any: string[] = []): boolean {
  for (let i = 0; i < any.length; i++) if (set.has(any[i] ?? '')) return true;
  return false;
}

/**
 * The question's words as the ranker reads them for every sentence of every candidate, worked
 * out once per question: match and synonym terms as arrays, which words each term matches, and
 * which words start an adjacent pair of known, non-alias words (for the phrase bonus).
 */
interface WordLookup {
  matches: string[][];
  synonyms: string[][];
  /** Term → the indices of the words whose matches hold it. */
  wordsOf: Map<string, number[]>;
  pairStarts: number[];
}

const wordLookups = new WeakMap<QuestionWord[], WordLookup>();

function lookupOf(words: QuestionWord[]): WordLookup {
  let lookup = wordLookups.get(words);
  if (lookup) return lookup;
  const wordsOf = new Map<string, number[]>();
  const pairStarts: number[] = [];
  words.forEach((w, i) => {
    for (const t of w.matches) wordsOf.set(t, [...(wordsOf.get(t) ?? []), i]);
    const next = words[i + 1];
    if (next && !w.alias && !next.alias && w.known && next.known) pairStarts.push(i);
  });
  lookup = {
    matches: words.map((w) => [...w.matches]),
    synonyms: words.map((w) => [...w.synonyms]),
    wordsOf,
    pairStarts,
  };
  wordLookups.set(words, lookup);
  return lookup;
}

/**
 * Adjacent question words found adjacent in the text (the second word right after the first or
 * one token later): rewards the question's phrasing.
 */
function phraseBonus(words: QuestionWord[], tokens: string[]): number {
  const { wordsOf, pairStarts } = lookupOf(words);
  if (pairStarts.length === 0) return 0;
  // One map lookup per token rather than one set lookup per token and pair, and nothing
  // allocated: this runs for every sentence of every candidate.
  if (openPairs.length < words.length) openPairs = new Uint8Array(words.length * 2);
  openPairs.fill(0, 0, words.length);
  for (const i of pairStarts) openPairs[i] = 1;
  let open = pairStarts.length;
  for (let k = 0; k + 1 < tokens.length && open > 0; k++) {
    const starting = wordsOf.get(tokens[k] ?? '');
    if (!starting) continue;
    for (const i of starting) {
      if (openPairs[i] !== 1) continue;
      const next = (t: string | undefined) => t !== undefined && (wordsOf.get(t)?.includes(i + 1) ?? false);
      if (next(tokens[k + 1]) || next(tokens[k + 2])) {
        openPairs[i] = 0;
        open--;
      }
    }
  }
  return (pairStarts.length - open) / pairStarts.length;
}

/** Scratch for `phraseBonus`: 1 for a pair not found yet, by the index of its first word. */
let openPairs = new Uint8Array(64);

/** A passage's analysis, computed once per passage and kept while the passage lives. */
interface AnalyzedPassage {
  passage: Passage;
  tokens: string[];
  /** `tokens` as a set, for coverage. */
  terms: Set<string>;
  sentences: { sentence: Sentence; tokens: string[]; terms: Set<string>; leadIn: boolean }[];
  sentenceList: Sentence[];
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

function analyzedPassage(ctx: SearchContext, id: string): AnalyzedPassage | undefined {
  const passage = ctx.passage(id);
  const doc = passage && ctx.document(passage.docId);
  return passage && doc ? analyzed(ctx.analyzer, passage, doc) : undefined;
}

function analyzed(analyzer: Analyzer, passage: Passage, doc: CorpusDocument): AnalyzedPassage {
  let memo = analyses.get(analyzer);
  if (!memo) analyses.set(analyzer, (memo = new BoundedMemo(ANALYSED_PASSAGES)));
  return memo.get(passage, () => {
    const language = doc.meta.language;
    const sentences = splitSentences(passage.text).map((sentence) => {
      const sentenceTokens = analyzer.tokens(sentence.text, language);
      // "It said:" introduces what follows; it is never the answer itself.
      return { sentence, tokens: sentenceTokens, terms: new Set(sentenceTokens), leadIn: /:\s*$/.test(sentence.text) };
    });
    // The sentences cover the passage, so their tokens are the passage's: tokenized once.
    const tokens = sentences.length > 0 ? sentences.flatMap((s) => s.tokens) : analyzer.tokens(passage.text, language);
    // A paragraph often leans on the one before it ("the meeting" names the meeting just
    // described), so the previous paragraph frames it as the title does.
    const context = new Set(contextTokens(analyzer, doc));
    for (const t of analyzer.tokens(doc.paragraphs[passage.paragraph - 2] ?? '', language)) context.add(t);
    return {
      passage,
      tokens,
      terms: new Set(tokens),
      sentences,
      sentenceList: sentences.map((s) => s.sentence),
      context,
    };
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

/** Scores a passage for a question; `fixed` is a sentence that must be the marked one (a quotation). */
function scorePassage(
  question: Question,
  a: AnalyzedPassage,
  bm25: number,
  settings: AnswerSettings,
  fixed?: Sentence,
): Scored {
  const { words, type } = question;
  const coverage = covered(words, a.terms, a.context, settings);
  const evidence = covered(words, a.terms, a.context, settings, refusalWeight(settings));
  const sentenceScore = (text: string, tokens: string[], terms: Set<string>) =>
    covered(words, terms, a.context, settings) +
    settings.sentencePhraseWeight * phraseBonus(words, tokens) +
    (hasEvidence(type, text) ? settings.sentenceTypeWeight : 0);
  let best = { index: -1, score: -1 };
  a.sentences.forEach(({ sentence, tokens, terms, leadIn }, index) => {
    if (leadIn && a.sentences.length > 1) return;
    const score = sentenceScore(sentence.text, tokens, terms);
    if (score > best.score) best = { index, score };
  });
  const { passage } = a;
  let quote: Sentence;
  if (fixed) {
    const tokens = a.tokens.length
      ? a.sentences.filter((s) => s.sentence.start < fixed.end && s.sentence.end > fixed.start).flatMap((s) => s.tokens)
      : [];
    best = { index: best.index, score: sentenceScore(fixed.text, tokens, new Set(tokens)) };
    quote = fixed;
  } else {
    quote =
      best.index < 0
        ? { text: passage.text, start: 0, end: passage.text.length }
        : markedSpan(a, best.index, words, settings);
  }
  const score =
    settings.bm25Weight * bm25 +
    settings.coverageWeight * coverage +
    settings.sentenceWeight * Math.max(0, best.score) +
    settings.phraseWeight * phraseBonus(words, a.tokens) +
    (hasEvidence(type, quote.text) ? settings.typeWeight : 0);
  return { passage, quote, score, evidence, coverage, sentences: a.sentenceList, source: 'passage' };
}

/** No context: the marked span is judged on its own words. */
const NO_TERMS: ReadonlySet<string> = new Set<string>();

/**
 * The best sentence, joined with its neighbour when the answer runs over both: when the
 * neighbour adds at least `neighbourGain` of the question's weight that the best sentence lacks.
 */
function markedSpan(a: AnalyzedPassage, best: number, words: QuestionWord[], settings: AnswerSettings): Sentence {
  const marked = a.sentences[best];
  if (!marked) return { text: a.passage.text, start: 0, end: a.passage.text.length };
  const alone = covered(words, marked.terms, NO_TERMS, settings);
  let start = marked.sentence.start;
  let end = marked.sentence.end;
  let gain = settings.neighbourGain;
  for (const other of [a.sentences[best - 1], a.sentences[best + 1]]) {
    if (!other || other.leadIn) continue;
    // The two sentences' terms together, without building their union.
    const both = { has: (t: string) => marked.terms.has(t) || other.terms.has(t) };
    const together = covered(words, both, NO_TERMS, settings);
    if (together - alone >= gain) {
      gain = together - alone;
      start = Math.min(marked.sentence.start, other.sentence.start);
      end = Math.max(marked.sentence.end, other.sentence.end);
    }
  }
  return { text: a.passage.text.slice(start, end), start, end };
}

/** The best answers, one per paragraph (a quotation wins over the same paragraph as a passage). */
function pickAnswers(scored: Scored[], limit: number): Scored[] {
  const seen = new Set<string>();
  return scored
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
    source: s.source,
    document: citeDocument(ctx.document(s.passage.docId)!),
  };
}
