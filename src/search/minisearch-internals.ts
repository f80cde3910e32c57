import type MiniSearch from 'minisearch';

/** Term frequency of one term in each passage of one field: MiniSearch short id → count. */
export type FieldPostings = Map<number, number>;
/** One term's postings in every field it occurs in: field id → postings. */
export type TermPostings = Map<number, FieldPostings>;

/**
 * The parts of MiniSearch's inverted index that candidate retrieval and the saved form read.
 * MiniSearch's public search scores and sorts every matching passage (its `search` always
 * sorts, and it has no top-K); reading its postings lets the index walk only rare terms' lists
 * and look the common terms up per candidate. The version is pinned in package.json, and
 * `miniSearchInternals` checks the shape so an upgrade that changes it fails loudly at start.
 */
export interface MiniSearchInternals {
  _index: {
    get(term: string): TermPostings | undefined;
    set(term: string, postings: TermPostings): unknown;
    [Symbol.iterator](): Iterator<[string, TermPostings]>;
    /** Terms within an edit distance, with their postings (not read) and distance. */
    fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]>;
  };
  _documentCount: number;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _dirtCount: number;
  _storedFields: Map<number, Record<string, unknown>>;
}

export function miniSearchInternals<T>(search: MiniSearch<T>): MiniSearchInternals {
  const inner = search as unknown as MiniSearchInternals;
  const ok =
    typeof inner._index?.get === 'function' &&
    typeof inner._index.fuzzyGet === 'function' &&
    inner._documentIds instanceof Map &&
    inner._idToShortId instanceof Map &&
    inner._fieldLength instanceof Map &&
    inner._storedFields instanceof Map &&
    Array.isArray(inner._avgFieldLength) &&
    typeof inner._documentCount === 'number' &&
    typeof inner._fieldIds === 'object';
  if (!ok) throw new Error('minisearch internals changed: pin minisearch to the version in package.json');
  return inner;
}

/** MiniSearch's default BM25+ parameters (its `defaultBM25params`), so scores match its own. */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** One term's BM25+ score in one field, exactly as MiniSearch computes it. */
export function bm25(
  termFreq: number,
  matching: number,
  total: number,
  fieldLength: number,
  avgFieldLength: number,
): number {
  const { k, b, d } = BM25;
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}
