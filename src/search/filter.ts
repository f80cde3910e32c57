import type { CorpusDocument } from '../corpus/types.js';
import { containsRun, words, type Analyzer, type Language } from './analyze.js';

/** One part of a subscription filter: a single word, or a "quoted phrase". */
export interface FilterTerm {
  text: string;
  phrase: boolean;
}

const QUOTED = /"([^"]*)"|“([^”]*)”|«([^»]*)»/g;

/**
 * Splits a filter into words and "quoted phrases" (straight, curly or « » quotes). An unclosed
 * quote is treated as plain words.
 */
export function parseFilter(filter: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let rest = '';
  let last = 0;
  for (const match of filter.matchAll(QUOTED)) {
    rest += filter.slice(last, match.index) + ' ';
    last = match.index + match[0].length;
    const phrase = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (phrase) terms.push({ text: phrase, phrase: true });
  }
  rest += filter.slice(last);
  for (const word of rest.replace(/["“”«»]/g, ' ').split(/\s+/)) {
    if (word) terms.push({ text: word, phrase: false });
  }
  return terms;
}

/** A document analyzed once for matching any number of filters. */
interface PreparedDocument {
  language: Language;
  terms: Set<string>;
  /** Token sequences of the title and of each paragraph, alias terms left out. */
  sequences: string[][];
}

const cache = new WeakMap<Analyzer, WeakMap<CorpusDocument, PreparedDocument>>();

function prepare(doc: CorpusDocument, analyzer: Analyzer): PreparedDocument {
  let perAnalyzer = cache.get(analyzer);
  if (!perAnalyzer) cache.set(analyzer, (perAnalyzer = new WeakMap()));
  const hit = perAnalyzer.get(doc);
  if (hit) return hit;
  const language = doc.meta.language;
  const terms = new Set<string>();
  const sequences: string[][] = [];
  for (const text of [doc.meta.title, ...doc.header, ...doc.paragraphs]) {
    const tokens = analyzer.tokens(text, language);
    for (const t of tokens) terms.add(t);
    sequences.push(tokens.filter((t) => !t.startsWith('@')));
  }
  const prepared = { language, terms, sequences };
  perAnalyzer.set(doc, prepared);
  return prepared;
}

/**
 * True when the document (title and text) matches a subscription filter, with the analysis
 * search uses (case and accent folding, stop words, stemming, aliases): every word must occur
 * somewhere, every "quoted phrase" must occur with its content words adjacent. A filter of
 * nothing but stop words, or an empty one, matches everything.
 */
export function matchesFilter(filter: string, doc: CorpusDocument, analyzer: Analyzer): boolean {
  const terms = parseFilter(filter);
  if (terms.length === 0) return true;
  const prepared = prepare(doc, analyzer);
  // Users write filters in either language; stems of both may stand for a word.
  const languages: Language[] = prepared.language === 'es' ? ['es', 'en'] : ['en', 'es'];
  for (const term of terms) {
    const termWords = words(term.text);
    if (term.phrase && termWords.length > 1) {
      // A phrase that is a whole alias name ("El Mayo") matches any name of its group.
      const whole = termWords.join(' ');
      const alias = analyzer.queryWords(term.text, [prepared.language]).find((q) => q.alias && q.word === whole);
      if (alias && alias.terms.some((t) => prepared.terms.has(t))) continue;
      const run = analyzer.tokens(term.text, prepared.language).filter((t) => !t.startsWith('@'));
      if (run.length === 0) continue;
      if (prepared.sequences.some((seq) => containsRun(seq, run))) continue;
      return false;
    }
    for (const word of analyzer.queryWords(term.text, languages)) {
      if (word.terms.some((t) => prepared.terms.has(t))) continue;
      if (word.phrase && prepared.terms.has(word.phrase)) continue;
      return false;
    }
  }
  return true;
}

/**
 * The words of a filter that can match anything (stop words in English or Spanish — "the", "of",
 * "de" — are not indexed, so they match nothing and are ignored). A filter with none would match
 * every document, which is not what its author meant.
 */
export function searchableFilterWords(filter: string, analyzer: Analyzer): string[] {
  return parseFilter(filter).flatMap((term) => analyzer.queryWords(term.text, ['en', 'es']).map((w) => w.word));
}
