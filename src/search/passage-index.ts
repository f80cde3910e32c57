import MiniSearch, { type Options } from 'minisearch';
import type { Passage } from '../corpus/types.js';
import type { Analyzer, Language } from './analyze.js';
import {
  BM25,
  bm25,
  miniSearchInternals,
  type FieldPostings,
  type MiniSearchInternals,
  type TermPostings,
} from './minisearch-internals.js';
import { TopK } from './top-k.js';
import { typoEdits } from './typos.js';

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
  /** BM25 over every question term (MiniSearch's own formula), times the number of terms matched. */
  score: number;
  /** Index terms of the passage that matched. */
  terms: string[];
}

export interface CandidateOptions {
  /** Only passages of this document. */
  documentId?: string;
  /** How many passages to return, best first (default 50). */
  limit?: number;
}

const LANGUAGES: Language[] = ['en', 'es'];
const FIELDS = [...LANGUAGES, 'context'] as const;
/** The title/byline field frames a passage without stating it, so it weighs less. */
const BOOST: Record<(typeof FIELDS)[number], number> = { en: 1, es: 1, context: 0.3 };

/**
 * How many postings a question may walk before the commoner terms are only looked up for the
 * passages the rarer ones found. Walking is what costs at scale: "security" occurs in a quarter
 * of a news corpus. Below this many postings in all, retrieval is exhaustive and exact.
 */
export const WALK_BUDGET = 30_000;
/** Passages kept after the walk for re-scoring with the whole question, per passage asked for. */
const POOL_PER_RESULT = 10;
const MIN_POOL = 500;

/** One term's postings per field, with what BM25 needs of each. */
interface TermLookup {
  term: string;
  /** Postings walked in all fields: the cost of walking this term. */
  size: number;
  fields: { fieldId: number; boost: number; postings: FieldPostings; avgLength: number }[];
}

/** A saved passage: short id, passage id, document id, field lengths (one row of passages.ndjson). */
export type SavedPassageRow = [number, string, string, number[]];
/**
 * A saved term: the term, its document frequency, then per field the field id, the short ids
 * (each as the gap from the previous one, so the numbers stay small) and the term frequencies.
 */
export type SavedTermRow = [string, number, ...[number, number[], number[]][]];

export interface SavedIndexHeader {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  passageCount: number;
}

/**
 * The MiniSearch full-text index over passages, with document frequencies kept beside it
 * (MiniSearch does not expose them) to weigh question words and to tell which words the corpus
 * never mentions. Each language has its own field so each is analysed with its own stemmer.
 *
 * Retrieval walks the posting lists of the question's rarest terms only, keeps a bounded pool,
 * and scores that pool with every term by lookup (see `candidates`).
 */
export class PassageIndex {
  private readonly inner: MiniSearchInternals;
  private scores = new Float64Array(0);
  private bits = new Int32Array(0);
  /**
   * Each passage's token count per field, by short id (0 once removed): the walk reads these
   * for every posting, and a typed array is many times faster than MiniSearch's Map of arrays.
   */
  private lengths: Uint32Array[] = [];
  private alive = new Uint8Array(0);
  /** Postings a question may walk (`WALK_BUDGET` unless set for a test). */
  walkBudget = WALK_BUDGET;
  /**
   * Terms read from the saved index but not parsed yet: term → where its line starts in
   * `savedTerms`. Parsing a term's postings on first use is what makes a start from the saved
   * index fast: a question touches a few dozen of the hundreds of thousands of terms.
   */
  private readonly unparsed = new Map<string, number>();
  private savedTermLines: Buffer | undefined;

  private constructor(
    private readonly analyzer: Analyzer,
    private readonly search: MiniSearch<IndexedPassage>,
    private readonly documentFrequency: Map<string, number>,
    private passageCount: number,
    /** Tokens computed once per text while `add` runs, handed to MiniSearch's tokenizer. */
    private readonly pending: Map<string, string[]>,
  ) {
    this.inner = miniSearchInternals(search);
  }

  static create(analyzer: Analyzer): PassageIndex {
    const pending = new Map<string, string[]>();
    return new PassageIndex(analyzer, new MiniSearch(miniSearchOptions(analyzer, pending)), new Map(), 0, pending);
  }

  add(passages: Passage[], language: Language, context: string): void {
    const indexed = toIndexed(passages, language, context);
    // Each text is tokenized once: the same tokens feed MiniSearch and the document frequencies.
    const contextTokens = this.analyzer.tokens(context, 'en');
    this.pending.set(context, contextTokens);
    const tokens = indexed.map((p) => {
      const own = this.pending.get(p.text) ?? this.analyzer.tokens(p.text, language);
      this.pending.set(p.text, own);
      return own;
    });
    // MiniSearch adds to each term's postings: a term the saved index has not parsed yet gets
    // a real (empty) map to add to, and its saved postings join it when first read.
    if (this.unparsed.size > 0) for (const t of [...contextTokens, ...tokens.flat()]) this.openForAdding(t);
    try {
      this.search.addAll(indexed);
    } finally {
      this.pending.clear();
    }
    for (const p of indexed) {
      const id = this.inner._idToShortId.get(p.id);
      if (id !== undefined) this.setLengths(id, this.inner._fieldLength.get(id) ?? []);
    }
    tokens.forEach((own) => this.count(own, contextTokens, 1));
    this.passageCount += indexed.length;
  }

  /**
   * Removed passages are discarded (MiniSearch's `discard`): their postings stay until the next
   * build but are never scored (`alive`) nor saved. MiniSearch's vacuum, which would drop them,
   * reads every term's postings, so it is off (see `miniSearchOptions`).
   */
  remove(passages: Passage[], language: Language, context: string): void {
    const contextTokens = this.analyzer.tokens(context, 'en');
    for (const p of passages) {
      const id = this.inner._idToShortId.get(p.id);
      if (id === undefined) continue;
      this.alive[id] = 0;
      this.search.discard(p.id);
      this.count(this.analyzer.tokens(p.text, language), contextTokens, -1);
      this.passageCount--;
    }
  }

  get size(): number {
    return this.passageCount;
  }

  /** In how many passages an index term occurs (kept up to date on add and remove). */
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
    const fuzzy = typoEdits(term);
    if (fuzzy === false) return [];
    // The term tree alone: no posting list is read (or parsed) to find the neighbours.
    return [...this.inner._index.fuzzyGet(term, fuzzy).keys()].filter((near) => this.frequency(near) > 0).sort();
  }

  /**
   * The passages that best match any of the index terms, best first, scored as MiniSearch
   * scores an OR query (BM25+ summed over terms and fields, times the number of terms matched).
   *
   * To stay fast on a large corpus it does not score every matching passage: it walks the
   * posting lists of the rarest terms (by document frequency) until `WALK_BUDGET` postings,
   * widening to commoner terms only while fewer than `limit` passages were found; keeps the
   * best pool of those; then adds the commoner terms' scores to the pool by lookup and keeps
   * the top `limit`. When all the terms' postings fit the budget the result is exact.
   */
  candidates(terms: string[], options: CandidateOptions = {}): PassageHit[] {
    const limit = options.limit ?? 50;
    const lookups = this.lookups(terms).sort((a, b) => a.size - b.size);
    if (lookups.length === 0 || limit <= 0) return [];
    const onlyDoc = options.documentId;
    const keep = onlyDoc ? (id: number) => this.inner._storedFields.get(id)?.docId === onlyDoc : undefined;

    // Walk: partial scores and which terms matched (a bit per term, in rarity order), in
    // scratch arrays indexed by short id; `touched` lists the ids to read and to reset.
    const { scores, bits } = this.scratch();
    const touched: number[] = [];
    let walked = 0;
    let next = 0;
    try {
      for (const lookup of lookups) {
        const withinBudget = walked + lookup.size <= this.walkBudget;
        // A filtered search walks everything: one document's passages are few, and must all be seen.
        if (next > 0 && !onlyDoc && !withinBudget && touched.length >= limit) break;
        this.walk(lookup, 1 << next, touched, keep);
        walked += lookup.size;
        next++;
      }

      // MiniSearch's OR score: the summed BM25+ times the number of terms matched.
      const scoreOf = (id: number) => (scores[id] ?? 0) * bitCount(bits[id] ?? 0);
      const pool = new TopK<number>(Math.max(MIN_POOL, limit * POOL_PER_RESULT));
      for (const id of touched) pool.push(id, scoreOf(id));
      const best = new TopK<number>(limit);
      const unwalked = lookups.slice(next);
      for (const { item: id } of pool.sorted()) {
        unwalked.forEach((lookup, k) => {
          const add = this.scoreOne(lookup, id);
          if (add > 0) {
            scores[id] = (scores[id] ?? 0) + add;
            bits[id] = (bits[id] ?? 0) | (1 << (next + k));
          }
        });
        best.push(id, scoreOf(id));
      }
      return best.sorted().flatMap(({ item: id, score }) => {
        const passageId = this.inner._documentIds.get(id);
        const matched = bits[id] ?? 0;
        return passageId === undefined
          ? []
          : [{ id: passageId, score, terms: lookups.filter((_, t) => (matched & (1 << t)) !== 0).map((l) => l.term) }];
      });
    } finally {
      for (const id of touched) {
        scores[id] = 0;
        bits[id] = 0;
      }
    }
  }

  /** Per-passage scratch space for one retrieval, reused (answering is synchronous). */
  private scratch(): { scores: Float64Array; bits: Int32Array } {
    const size = this.inner._nextId + 1;
    if (this.scores.length < size) {
      const grown = Math.max(size, Math.ceil(this.scores.length * 1.5));
      this.scores = new Float64Array(grown);
      this.bits = new Int32Array(grown);
    }
    return { scores: this.scores, bits: this.bits };
  }

  /** Passages that hold any of the terms, best BM25 score first (the same as `candidates`). */
  find(terms: string[], options: CandidateOptions = {}): PassageHit[] {
    return this.candidates(terms, options);
  }

  /** The index's header, for the saved form. */
  savedHeader(): SavedIndexHeader {
    const i = this.inner;
    return {
      documentCount: i._documentCount,
      nextId: i._nextId,
      fieldIds: i._fieldIds,
      averageFieldLength: i._avgFieldLength,
      passageCount: this.passageCount,
    };
  }

  /** One row per passage in the index. */
  *savedPassages(): Generator<SavedPassageRow> {
    const i = this.inner;
    for (const [shortId, id] of i._documentIds) {
      yield [shortId, id, String(i._storedFields.get(shortId)?.docId), i._fieldLength.get(shortId) ?? []];
    }
  }

  /** One row per term, leaving out passages removed since they were indexed. */
  *savedTerms(): Generator<SavedTermRow> {
    const live = this.inner._documentIds;
    for (const [term] of this.inner._index) {
      const df = this.documentFrequency.get(term);
      const fields = df ? this.postingsOf(term) : undefined;
      if (!df || !fields) continue;
      const row: SavedTermRow = [term, df];
      for (const [fieldId, postings] of fields) {
        const ids: number[] = [];
        const freqs: number[] = [];
        let previous = 0;
        for (const [id, freq] of [...postings].filter(([id]) => live.has(id)).sort((a, b) => a[0] - b[0])) {
          ids.push(id - previous);
          freqs.push(freq);
          previous = id;
        }
        if (ids.length > 0) row.push([fieldId, ids, freqs]);
      }
      yield row;
    }
  }

  /**
   * Rebuilds the index from its saved rows without tokenizing anything. `termLines` is the
   * saved terms file as read (one `SavedTermRow` a line): only each line's term and document
   * frequency are read now; its postings are parsed when a question or a change first needs them.
   */
  static async load(
    analyzer: Analyzer,
    header: SavedIndexHeader,
    passages: AsyncIterable<SavedPassageRow> | Iterable<SavedPassageRow>,
    termLines: Buffer,
  ): Promise<PassageIndex> {
    const pending = new Map<string, string[]>();
    const search = MiniSearch.loadJS<IndexedPassage>(
      {
        documentCount: header.documentCount,
        nextId: header.nextId,
        fieldIds: header.fieldIds,
        averageFieldLength: header.averageFieldLength,
        dirtCount: 0,
        documentIds: {},
        fieldLength: {},
        storedFields: {},
        index: [],
        serializationVersion: 2,
      },
      miniSearchOptions(analyzer, pending),
    );
    const inner = miniSearchInternals(search);
    for await (const [shortId, id, docId, lengths] of passages) {
      inner._documentIds.set(shortId, id);
      inner._idToShortId.set(id, shortId);
      inner._storedFields.set(shortId, { docId });
      inner._fieldLength.set(shortId, lengths);
    }
    const documentFrequency = new Map<string, number>();
    const index = new PassageIndex(analyzer, search, documentFrequency, header.passageCount, pending);
    for (const { term, df, start } of termLineHeads(termLines)) {
      documentFrequency.set(term, df);
      index.unparsed.set(term, start);
      inner._index.set(term, UNPARSED);
    }
    index.savedTermLines = index.unparsed.size > 0 ? termLines : undefined;
    for (const [id, lengths] of inner._fieldLength) index.setLengths(id, lengths);
    return index;
  }

  /** A term's postings, parsed from the saved index on first use; undefined for an unknown term. */
  private postingsOf(term: string): TermPostings | undefined {
    const data = this.inner._index.get(term);
    const start = this.unparsed.get(term);
    if (start === undefined) return data;
    const lines = this.savedTermLines;
    if (!lines) throw new Error(`the saved index lost the postings of "${term}"`);
    const end = lines.indexOf(NEWLINE, start);
    const [, , ...fields] = JSON.parse(lines.toString('utf8', start, end < 0 ? lines.length : end)) as SavedTermRow;
    // Passages added since the load may already be in a real map (see `openForAdding`).
    const parsed: TermPostings = data && data !== UNPARSED ? data : new Map<number, FieldPostings>();
    for (const [fieldId, gaps, freqs] of fields) {
      const postings: FieldPostings = parsed.get(fieldId) ?? new Map<number, number>();
      let id = 0;
      gaps.forEach((gap, k) => postings.set((id += gap), freqs[k] ?? 0));
      parsed.set(fieldId, postings);
    }
    this.inner._index.set(term, parsed);
    this.unparsed.delete(term);
    if (this.unparsed.size === 0) this.savedTermLines = undefined; // every term parsed: let the buffer go
    return parsed;
  }

  /** Gives a term not parsed yet a real map for MiniSearch to add postings to. */
  private openForAdding(term: string): void {
    if (this.inner._index.get(term) === UNPARSED) this.inner._index.set(term, new Map());
  }

  private setLengths(id: number, lengths: number[]): void {
    if (this.alive.length <= id) {
      const size = Math.max(id + 1, Math.ceil(this.alive.length * 1.5), 1024);
      const grow = <T extends Uint8Array | Uint32Array>(old: T, make: (n: number) => T) => {
        const next = make(size);
        next.set(old);
        return next;
      };
      this.alive = grow(this.alive, (n) => new Uint8Array(n));
      this.lengths = FIELDS.map((_, f) => grow(this.lengths[f] ?? new Uint32Array(0), (n) => new Uint32Array(n)));
    }
    this.alive[id] = 1;
    this.lengths.forEach((column, f) => (column[id] = lengths[f] ?? 0));
  }

  private lookups(terms: string[]): TermLookup[] {
    const out: TermLookup[] = [];
    for (const term of new Set(terms)) {
      const data = this.postingsOf(term);
      if (!data) continue;
      const fields: TermLookup['fields'] = [];
      let size = 0;
      for (const field of FIELDS) {
        const fieldId = this.inner._fieldIds[field];
        const postings = fieldId === undefined ? undefined : data.get(fieldId);
        const avgLength = fieldId === undefined ? undefined : this.inner._avgFieldLength[fieldId];
        if (fieldId === undefined || !postings || postings.size === 0 || avgLength === undefined) continue;
        fields.push({ fieldId, boost: BOOST[field], postings, avgLength });
        size += postings.size;
      }
      if (fields.length > 0) out.push({ term, size, fields });
    }
    // Bits for matched terms: more than 30 distinct terms is not a question.
    return out.slice(0, 30);
  }

  /** Adds one term's BM25+ (MiniSearch's formula, constants hoisted) to every passage holding it. */
  private walk(lookup: TermLookup, bit: number, touched: number[], keep?: (id: number) => boolean): void {
    const { scores, bits, alive } = this;
    const { k, b, d } = BM25;
    for (const { fieldId, boost, postings, avgLength } of lookup.fields) {
      const weight = boost * Math.log(1 + (this.inner._documentCount - postings.size + 0.5) / (postings.size + 0.5));
      const lengthFactor = (k * b) / avgLength;
      const base = k * (1 - b);
      const lengths = this.lengths[fieldId];
      if (!lengths) continue;
      // forEach, not for…of: no [key, value] array per posting for the collector to sweep.
      postings.forEach((freq, id) => {
        if (alive[id] !== 1 || (keep && !keep(id))) return; // removed since indexed, or filtered out
        if (bits[id] === 0) touched.push(id);
        scores[id] =
          (scores[id] ?? 0) + weight * (d + (freq * (k + 1)) / (freq + base + lengthFactor * (lengths[id] ?? 0)));
        bits[id] = (bits[id] ?? 0) | bit;
      });
    }
  }

  private scoreOne(lookup: TermLookup, id: number): number {
    const lengths = this.inner._fieldLength.get(id);
    if (!lengths) return 0;
    let score = 0;
    for (const { fieldId, boost, postings, avgLength } of lookup.fields) {
      const freq = postings.get(id);
      if (freq !== undefined)
        score += boost * bm25(freq, postings.size, this.inner._documentCount, lengths[fieldId] ?? 0, avgLength);
    }
    return score;
  }

  private count(tokens: string[], contextTokens: string[], delta: 1 | -1): void {
    const terms = new Set(tokens);
    for (const t of contextTokens) terms.add(t);
    for (const term of terms) {
      const next = (this.documentFrequency.get(term) ?? 0) + delta;
      if (next > 0) this.documentFrequency.set(term, next);
      else this.documentFrequency.delete(term);
    }
  }
}

/**
 * Stands in MiniSearch's term tree for postings not parsed yet (see `PassageIndex.postingsOf`).
 * MiniSearch itself never reads it: a term gets a real map before MiniSearch adds to it
 * (`openForAdding`), removal only discards, and the vacuum (a pass over every term) is off.
 */
const UNPARSED: TermPostings = new Map();
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The term and document frequency at the head of each line of a saved terms file
 * (`["term",df,...]`), without parsing the rest; throws on a line of another shape, so a
 * damaged file is rejected at load. Index terms are folded words, so a term holding a quote or
 * a backslash is rare: such a line is parsed whole.
 */
export function* termLineHeads(lines: Buffer): Generator<{ term: string; df: number; start: number }> {
  let start = 0;
  while (start < lines.length) {
    let end = lines.indexOf(NEWLINE, start);
    if (end < 0) end = lines.length;
    if (end > start) {
      if (lines[start] !== 0x5b || lines[start + 1] !== QUOTE || lines[end - 1] !== 0x5d)
        throw new Error(`a saved term line at byte ${start} is damaged`);
      const close = lines.indexOf(QUOTE, start + 2);
      let term: string;
      let df = 0;
      let k = close + 2;
      if (close < 0 || close >= end || lines.subarray(start, close).includes(BACKSLASH) || lines[close + 1] !== 0x2c) {
        const row = JSON.parse(lines.toString('utf8', start, end)) as SavedTermRow;
        [term, df] = row;
      } else {
        term = lines.toString('utf8', start + 2, close);
        for (let digit = (lines[k] ?? 0) - 0x30; k < end && digit >= 0 && digit <= 9; digit = (lines[++k] ?? 0) - 0x30)
          df = df * 10 + digit;
        if (k === close + 2 || (lines[k] !== 0x2c && lines[k] !== 0x5d))
          throw new Error(`a saved term line at byte ${start} is damaged`);
      }
      yield { term, df, start };
    }
    start = end + 1;
  }
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

function toIndexed(passages: Passage[], language: Language, context: string): IndexedPassage[] {
  return passages.map((p) => ({ id: p.id, docId: p.docId, language, text: p.text, context }));
}

function miniSearchOptions(analyzer: Analyzer, pending: Map<string, string[]>): Options<IndexedPassage> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: ['docId'],
    extractField: (doc, field) => {
      if (field === 'context' || field === 'id' || field === 'docId') return doc[field];
      return doc.language === field ? doc.text : '';
    },
    // The context field is analysed as English: titles and bylines are short, and a wrong
    // stem there costs little, while the field must not need the document at hand.
    tokenize: (text, field) => (text ? (pending.get(text) ?? analyzer.tokens(text, field === 'es' ? 'es' : 'en')) : []),
    searchOptions: { boost: { context: BOOST.context } },
    processTerm: (term) => term,
    // A vacuum reads every term's postings, including those the saved index has not parsed yet
    // (see `PassageIndex.postingsOf`); removed passages are skipped instead (`alive`).
    autoVacuum: false,
  };
}
