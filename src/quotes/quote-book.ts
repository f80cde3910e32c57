import MiniSearch from 'minisearch';
import type { CorpusDocument } from '../corpus/types.js';
import { Analyzer, containsRun } from '../search/analyze.js';
import { typoEdits } from '../search/typos.js';
import { analyzeDocument, type DocumentAnalysis } from './extract.js';
import { foldName, nameKey } from './names.js';
import { SpeakerNaming, type NamedEntry } from './speaker-naming.js';
import type { Quotation, Speaker } from './types.js';

export interface FindOptions {
  /** Any variant of a speaker's name, case- and accent-insensitive ("rubio", "De La Fuente"). */
  speaker?: string;
  /** Words of the topic; results are ranked by relevance. */
  about?: string;
  /** Default 10. */
  limit?: number;
}

export interface SpeakerSummary {
  speaker: Speaker;
  count: number;
  /** Every way the corpus names the speaker ("Rubio", "Secretary of State Marco Rubio", …). */
  variants: string[];
}

/**
 * What a typed speaker name names: one speaker, or the speakers it fits equally well (none, or
 * several: "Secretary" fits Secretary Rubio and Foreign Secretary de la Fuente alike).
 */
export type SpeakerLookup = { speaker: Speaker } | { candidates: Speaker[] };

export interface QuoteBookOptions {
  /** The search analyzer (stemming, stop words, aliases); a plain English one by default. */
  analyzer?: Analyzer;
}

/** The saved form of a quote book: each document's analysis, no document text needed to read it back. */
export interface SavedQuoteBook {
  version: 1;
  documents: DocumentAnalysis[];
}

/**
 * The quotations of the whole corpus, with one canonical speaker per person or body: short
 * names resolve to the longest full name seen in any document when only one person has it
 * (surname matching by precomputed keys, accent-insensitive), and each speaker carries the role
 * the corpus gives most often.
 *
 * Built per document, for a corpus that grows and shrinks:
 * - `add(doc)` extracts one document (replacing it by id); `remove(id)` drops one. Neither
 *   touches another document's extraction; speaker naming across the corpus is redone lazily,
 *   on the next query, by one linear pass over the saved analyses with hashed name lookups.
 * - `toJSON()` returns a `SavedQuoteBook` (plain data: every document's analysis) to store
 *   with the index cache; `QuoteBook.fromJSON(saved)` reads it back without extracting
 *   anything. `addAnalysis(analysis)` / `analysisOf(id)` do the same for one document, for a
 *   cache that saves documents separately. An analysis from a different extractor version is
 *   refused by `fromJSON` (it returns undefined) so the caller re-extracts.
 */
export class QuoteBook {
  private readonly analyses = new Map<string, DocumentAnalysis>();
  private readonly analyzer: Analyzer;
  private readonly naming = new SpeakerNaming();
  /** Document order (see `SpeakerNaming`): a replaced document keeps its place. */
  private readonly seqOf = new Map<string, number>();
  private nextSeq = 0;
  /** Changes not named yet: document id → its new analysis, or null when removed. */
  private pending = new Map<string, DocumentAnalysis | null>();
  /** The naming under way, a step at a time (see `work`). */
  private running: Generator<void> | undefined;
  private index: MiniSearch<{ id: string; text: string; context: string }> | undefined;
  /** Search indexes of single speakers' quotations, by speaker (see `search`). */
  private readonly poolIndexes = new Map<string, MiniSearch<{ id: string; text: string; context: string }>>();

  constructor(options: QuoteBookOptions = {}) {
    this.analyzer = options.analyzer ?? new Analyzer();
  }

  static build(documents: CorpusDocument[], options: QuoteBookOptions = {}): QuoteBook {
    const book = new QuoteBook(options);
    for (const doc of documents) book.add(doc);
    return book;
  }

  /** Reads a saved book back (see `toJSON`); undefined when it was saved by another version. */
  static fromJSON(saved: unknown, options: QuoteBookOptions = {}): QuoteBook | undefined {
    const data = saved as Partial<SavedQuoteBook> | null;
    if (!data || data.version !== SAVED_VERSION || !Array.isArray(data.documents)) return undefined;
    const book = new QuoteBook(options);
    for (const analysis of data.documents) book.addAnalysis(analysis);
    return book;
  }

  /** Every document's analysis, as plain data for JSON. */
  toJSON(): SavedQuoteBook {
    return { version: SAVED_VERSION, documents: [...this.analyses.values()] };
  }

  /** Extracts one document's quotations and adds them (replacing the document by id). */
  add(document: CorpusDocument): void {
    this.addAnalysis(analyzeDocument(document));
  }

  /** Adds one document's saved analysis without extracting. */
  addAnalysis(analysis: DocumentAnalysis): void {
    this.analyses.set(analysis.docId, analysis);
    if (!this.seqOf.has(analysis.docId)) this.seqOf.set(analysis.docId, this.nextSeq++);
    this.pending.set(analysis.docId, analysis);
    this.changed();
  }

  /** One document's analysis, to save it alongside the document. */
  analysisOf(docId: string): DocumentAnalysis | undefined {
    return this.analyses.get(docId);
  }

  /** Drops one document's quotations; true when it was there. */
  remove(docId: string): boolean {
    const had = this.analyses.delete(docId);
    if (had) {
      this.seqOf.delete(docId);
      this.pending.set(docId, null);
      this.changed();
    }
    return had;
  }

  /** Every quotation, newest document first, then in document order. */
  all(): Quotation[] {
    this.refresh();
    return [...this.naming.quotations()];
  }

  find(options: FindOptions = {}): Quotation[] {
    this.refresh();
    const limit = options.limit ?? 10;
    let pool = this.naming.quotations();
    let speakerKey: string | undefined;
    if (options.speaker && options.speaker.trim()) {
      const entries = this.namedEntries(options.speaker);
      const keys = new Set(entries.map((e) => e.key));
      speakerKey = [...keys].sort().join('\n');
      pool = pool.filter((q) => {
        const key = this.naming.entryKeyOf(q.id);
        return key !== undefined && keys.has(key);
      });
    }
    if (options.about && options.about.trim()) {
      const inPool = new Map(pool.map((q) => [q.id, q]));
      const hits = this.search(
        options.about,
        speakerKey === undefined ? undefined : { key: speakerKey, quotes: pool },
      ).filter((hit) => inPool.has(hit.id));
      return hits.slice(0, limit).map((hit) => inPool.get(hit.id)!);
    }
    return pool.slice(0, limit);
  }

  speakers(): SpeakerSummary[] {
    this.refresh();
    return this.naming
      .speakerEntries()
      .filter((e) => e.count > 0)
      .map((e) => ({ speaker: { ...e.speaker }, count: e.count, variants: [...e.variants.values()] }))
      .sort((a, b) => b.count - a.count || a.speaker.name.localeCompare(b.speaker.name));
  }

  /** Speakers whose any name variant matches a partly typed name, best first (for autocomplete). */
  suggestSpeakers(partial: string, limit = 25): Speaker[] {
    this.refresh();
    const q = nameKey(partial).key;
    const scored: { entry: NamedEntry; score: number }[] = [];
    for (const entry of this.naming.speakerEntries()) {
      if (entry.count === 0) continue;
      if (!q) {
        scored.push({ entry, score: 0 });
        continue;
      }
      let score = -1;
      for (const v of entry.keys) {
        if (v.key.startsWith(q)) score = Math.max(score, v.name === entry.speaker.name ? 3 : 2);
        else if (v.tokens.some((t) => t.startsWith(q)) || v.key.includes(` ${q}`)) score = Math.max(score, 1);
        else if (v.key.includes(q)) score = Math.max(score, 0);
      }
      if (score >= 0) scored.push({ entry, score });
    }
    return scored
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.entry.count - a.entry.count ||
          a.entry.speaker.name.localeCompare(b.entry.speaker.name),
      )
      .slice(0, limit)
      .map((s) => ({ ...s.entry.speaker }));
  }

  /**
   * The speaker a typed name means (an exact name variant first, then a surname, then any run of
   * a name's words, then a partly typed name), or — when the best fit is shared by speakers with
   * different names — those candidates, most quoted first. A tie names nobody: picking the most
   * quoted would show one person's words to someone who meant another. A leading article ("the
   * moderator", "el vocero", "la secretaria") is ignored when the name as typed fits nobody.
   */
  lookUpSpeaker(text: string): SpeakerLookup {
    this.refresh();
    const { best, one } = this.bestFits(text);
    const [first] = best;
    return one && first ? { speaker: { ...first.speaker } } : { candidates: best.map((e) => ({ ...e.speaker })) };
  }

  /** The one speaker a name means, if it names exactly one (see `lookUpSpeaker`). */
  resolveSpeaker(text: string): Speaker | undefined {
    const found = this.lookUpSpeaker(text);
    return 'speaker' in found ? found.speaker : undefined;
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Names the changes made since, for at most `budgetMs` (then stops until called again);
   * true when nothing is left. A caller spreads a large batch (a whole corpus read back at
   * start-up) over event-loop turns this way; any read finishes what is left first.
   */
  work(budgetMs = Infinity): boolean {
    const until = performance.now() + budgetMs;
    this.running ??= this.run();
    while (!this.running.next().done) if (performance.now() >= until) return false;
    this.running = undefined;
    return true;
  }

  /** True while changes wait to be named (see `work`). */
  get busy(): boolean {
    return this.running !== undefined || this.pending.size > 0 || this.naming.dirty;
  }

  private *run(): Generator<void> {
    while (this.pending.size > 0 || this.naming.dirty) {
      if (this.pending.size === 0) {
        yield* this.naming.settle();
        continue;
      }
      const batch = this.pending;
      this.pending = new Map();
      const adds: { analysis: DocumentAnalysis; seq: number }[] = [];
      const removes: string[] = [];
      for (const [id, analysis] of batch) {
        if (analysis) adds.push({ analysis, seq: this.seqOf.get(id) ?? this.nextSeq++ });
        else removes.push(id);
      }
      yield* this.naming.change(adds, removes);
    }
  }

  /** A change drops the topic search indexes, which hold the old quotations. */
  private changed(): void {
    this.index = undefined;
    this.poolIndexes.clear();
  }

  private refresh(): void {
    this.work();
  }

  /** The entries of the one speaker a name means (see `lookUpSpeaker`); none for a tie. */
  private namedEntries(text: string): NamedEntry[] {
    const { best, one } = this.bestFits(text);
    return one ? best : [];
  }

  /** The entries sharing the best fit for a typed name, and whether they are all one speaker. */
  private bestFits(text: string): { best: NamedEntry[]; one: boolean } {
    const scored = this.matchingEntries(text); // best first, most quoted first
    const best = scored.filter((s) => s.score === scored[0]?.score).map((s) => s.entry);
    const [first] = best;
    return { best, one: first !== undefined && best.every((e) => sameSpeakerName(e.speaker.name, first.speaker.name)) };
  }

  /** Entries a typed name fits, with how well, best first; without a leading article if need be. */
  private matchingEntries(text: string): { entry: NamedEntry; score: number }[] {
    const found = this.scoredEntries(text);
    const bare = withoutArticle(text);
    return found.length > 0 || bare === undefined ? found : this.scoredEntries(bare);
  }

  private scoredEntries(text: string): { entry: NamedEntry; score: number }[] {
    const q = nameKey(text);
    if (q.tokens.length === 0) return [];
    const scored: { entry: NamedEntry; score: number }[] = [];
    for (const entry of this.naming.speakerEntries()) {
      let score = -1;
      for (const v of entry.keys) {
        if (v.key === q.key) score = Math.max(score, 3);
        else if (containsRun(v.tokens, q.tokens)) score = Math.max(score, v.key.endsWith(` ${q.key}`) ? 2 : 1);
      }
      if (score >= 0) scored.push({ entry, score });
    }
    if (scored.length === 0) {
      // A partly typed name: every word a prefix of a word of one variant.
      for (const entry of this.naming.speakerEntries()) {
        if (entry.keys.some((v) => q.tokens.every((t) => v.tokens.some((w) => w.startsWith(t)))))
          scored.push({ entry, score: 0 });
      }
    }
    return scored.sort((a, b) => b.score - a.score || b.entry.count - a.entry.count);
  }

  /**
   * Quotations matching a topic, best first; with `pool` (one speaker's quotations, under `key`)
   * only those are indexed and searched. Indexing every quotation of a 10,000-document corpus
   * takes tens of seconds, so a speaker's question never waits for it; a speaker's own index is
   * kept (a few, until the book changes) for the next question about them.
   */
  private search(about: string, pool?: { key: string; quotes: Quotation[] }): { id: string; score: number }[] {
    let index = pool ? this.poolIndexes.get(pool.key) : this.index;
    if (!index) {
      // Quotations of one paragraph share its context: tokenize each distinct text once.
      const seen = new Map<string, string[]>();
      const tokenize = (text: string) => {
        let tokens = seen.get(text);
        if (!tokens) seen.set(text, (tokens = this.analyzer.tokens(text)));
        return tokens;
      };
      index = new MiniSearch({
        fields: ['text', 'context'],
        tokenize,
        processTerm: (term) => term,
        searchOptions: { boost: { text: 2 }, fuzzy: typoEdits, prefix: (term) => term.length > 3 },
      });
      index.addAll(
        (pool?.quotes ?? this.naming.quotations()).map((q) => ({ id: q.id, text: q.text, context: q.context })),
      );
      if (!pool) this.index = index;
      else {
        if (this.poolIndexes.size >= POOL_INDEXES) this.poolIndexes.delete(this.poolIndexes.keys().next().value ?? '');
        this.poolIndexes.set(pool.key, index);
      }
    }
    return index.search(about).map((r) => ({ id: String(r.id), score: r.score }));
  }
}

/** Articles people type before a title ("the moderator"); dropped only when the name as typed fits nobody. */
const ARTICLES = new Set(['the', 'el', 'la', 'los', 'las']);

/** The name without a leading article, or undefined when it has none (or is nothing but one). */
function withoutArticle(text: string): string | undefined {
  const [first, ...rest] = foldName(text).split(' ').filter(Boolean);
  return first !== undefined && ARTICLES.has(first) && rest.length > 0 ? rest.join(' ') : undefined;
}

const SAVED_VERSION = 1;
/** Speakers' search indexes kept at once (see `QuoteBook.search`). */
const POOL_INDEXES = 32;

/** Folding for comparing speaker names: case, accents, punctuation. */
export function sameSpeakerName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}
