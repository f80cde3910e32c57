import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Passage } from '../corpus/types.js';
import type { Analyzer, Language } from './analyze.js';

/** What the full-text index stores per passage: its text under its language's field. */
interface IndexedPassage {
  id: string;
  docId: string;
  language: Language;
  text: string;
  /** The document's title, byline and date: what a reader knows when reading the passage. */
  context: string;
}

export interface PassageHit {
  id: string;
  score: number;
  /** Index terms of the passage that matched (after typo tolerance). */
  terms: string[];
}

const LANGUAGES: Language[] = ['en', 'es'];

/**
 * Typo tolerance only for long words (one edit from 7 letters, two from 12): a short word has
 * too many real neighbours ("angela" is not a typo of "angel").
 */
function fuzziness(term: string): number | false {
  if (term.startsWith('@') || /\d/.test(term) || term.length < 7) return false;
  return term.length < 12 ? 1 : 2;
}

/**
 * The MiniSearch full-text index over passages, with document frequencies kept beside it
 * (MiniSearch does not expose them) to weigh question words and to tell which words the corpus
 * never mentions. Each language has its own field so each is analysed with its own stemmer.
 */
export class PassageIndex {
  private constructor(
    private readonly analyzer: Analyzer,
    private readonly search: MiniSearch<IndexedPassage>,
    private readonly documentFrequency: Map<string, number>,
    private passageCount: number,
  ) {}

  static create(analyzer: Analyzer): PassageIndex {
    return new PassageIndex(analyzer, new MiniSearch(miniSearchOptions(analyzer)), new Map(), 0);
  }

  static fromJSON(analyzer: Analyzer, json: SavedPassageIndex): PassageIndex {
    const search = MiniSearch.loadJSON<IndexedPassage>(json.search, miniSearchOptions(analyzer));
    return new PassageIndex(analyzer, search, new Map(json.documentFrequency), json.passageCount);
  }

  toJSON(): SavedPassageIndex {
    return {
      search: JSON.stringify(this.search),
      documentFrequency: [...this.documentFrequency],
      passageCount: this.passageCount,
    };
  }

  add(passages: Passage[], language: Language, context: string): void {
    const indexed = toIndexed(passages, language, context);
    this.search.addAll(indexed);
    this.countTerms(indexed, 1);
  }

  remove(passages: Passage[], language: Language, context: string): void {
    const indexed = toIndexed(passages, language, context);
    for (const p of indexed) this.search.discard(p.id);
    this.countTerms(indexed, -1);
  }

  get size(): number {
    return this.passageCount;
  }

  /** In how many passages an index term occurs. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Inverse document frequency, BM25's form: rare terms weigh more; an unseen term most. */
  idf(term: string): number {
    const df = this.frequency(term);
    return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
  }

  /** Index terms within typo distance of a term the index does not hold as is. */
  nearTerms(term: string): string[] {
    if (this.frequency(term) > 0) return [term];
    const fuzzy = fuzziness(term);
    if (fuzzy === false) return [];
    const hits = this.search.search(term, { fuzzy, tokenize: (t) => [t], processTerm: (t) => t });
    return [...new Set(hits.flatMap((hit) => hit.terms))];
  }

  /** Passages that hold any of the terms, best BM25 score first. */
  find(terms: string[], options: { documentId?: string; limit?: number } = {}): PassageHit[] {
    if (terms.length === 0) return [];
    const hits: SearchResult[] = this.search.search(terms.join(' '), {
      combineWith: 'OR',
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      fuzzy: false,
      filter: options.documentId ? (hit) => hit.docId === options.documentId : undefined,
    });
    return hits.slice(0, options.limit ?? 50).map((hit) => ({ id: String(hit.id), score: hit.score, terms: hit.terms }));
  }

  private countTerms(passages: IndexedPassage[], delta: 1 | -1): void {
    for (const p of passages) {
      const terms = [...this.analyzer.tokens(p.text, p.language), ...this.analyzer.tokens(p.context, 'en')];
      for (const term of new Set(terms)) {
        const next = (this.documentFrequency.get(term) ?? 0) + delta;
        if (next > 0) this.documentFrequency.set(term, next);
        else this.documentFrequency.delete(term);
      }
    }
    this.passageCount += delta * passages.length;
  }
}

export interface SavedPassageIndex {
  search: string;
  documentFrequency: [string, number][];
  passageCount: number;
}

function toIndexed(passages: Passage[], language: Language, context: string): IndexedPassage[] {
  return passages.map((p) => ({ id: p.id, docId: p.docId, language, text: p.text, context }));
}

function miniSearchOptions(analyzer: Analyzer): Options<IndexedPassage> {
  return {
    idField: 'id',
    fields: [...LANGUAGES, 'context'],
    storeFields: ['docId'],
    extractField: (doc, field) => {
      if (field === 'context' || field === 'id' || field === 'docId') return doc[field];
      return doc.language === field ? doc.text : '';
    },
    // The context field is analysed as English: titles and bylines are short, and a wrong
    // stem there costs little, while the field must not need the document at hand.
    tokenize: (text, field) => analyzer.tokens(text, field === 'es' ? 'es' : 'en'),
    searchOptions: { boost: { context: 0.3 } },
    processTerm: (term) => term,
  };
}
