import MiniSearch from 'minisearch';
import type { CorpusDocument } from '../corpus/types.js';
import { Analyzer, containsRun } from '../search/analyze.js';
import { typoEdits } from '../search/typos.js';
import { analyzeDocument, type DocumentAnalysis } from './extract.js';
import { NameIndex, foldName, nameKey, nameTokens, type NameKey } from './names.js';
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

export interface QuoteBookOptions {
  /** The search analyzer (stemming, stop words, aliases); a plain English one by default. */
  analyzer?: Analyzer;
}

interface Entry {
  speaker: Speaker;
  key: string;
  person: boolean;
  /** Folded variant → as written. */
  variants: Map<string, string>;
  /** The canonical name and every variant, as keys computed once per rebuild. */
  keys: NameKey[];
  count: number;
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
  private quotes: Quotation[] = [];
  private entries: Entry[] = [];
  private entryOfQuote = new Map<string, Entry>();
  private index: MiniSearch<{ id: string; text: string; context: string }> | undefined;
  /** Search indexes of single speakers' quotations, by speaker (see `search`). */
  private readonly poolIndexes = new Map<string, MiniSearch<{ id: string; text: string; context: string }>>();
  private stale = true;

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
    this.stale = true;
  }

  /** One document's analysis, to save it alongside the document. */
  analysisOf(docId: string): DocumentAnalysis | undefined {
    return this.analyses.get(docId);
  }

  /** Drops one document's quotations; true when it was there. */
  remove(docId: string): boolean {
    const had = this.analyses.delete(docId);
    if (had) this.stale = true;
    return had;
  }

  /** Every quotation, newest document first, then in document order. */
  all(): Quotation[] {
    this.refresh();
    return [...this.quotes];
  }

  find(options: FindOptions = {}): Quotation[] {
    this.refresh();
    const limit = options.limit ?? 10;
    let pool = this.quotes;
    let speakerKey: string | undefined;
    if (options.speaker && options.speaker.trim()) {
      const entries = this.matchingEntries(options.speaker);
      const keys = new Set(entries.map((e) => e.key));
      speakerKey = [...keys].sort().join('\n');
      pool = pool.filter((q) => {
        const entry = this.entryOfQuote.get(q.id);
        return entry !== undefined && keys.has(entry.key);
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
    return this.entries
      .filter((e) => e.count > 0)
      .map((e) => ({ speaker: { ...e.speaker }, count: e.count, variants: [...e.variants.values()] }))
      .sort((a, b) => b.count - a.count || a.speaker.name.localeCompare(b.speaker.name));
  }

  /** Speakers whose any name variant matches a partly typed name, best first (for autocomplete). */
  suggestSpeakers(partial: string, limit = 25): Speaker[] {
    this.refresh();
    const q = nameKey(partial).key;
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.entries) {
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

  /** The speaker a name means, if any: exact variant first, then the best partial match. */
  resolveSpeaker(text: string): Speaker | undefined {
    this.refresh();
    const entry = this.matchingEntries(text)[0];
    return entry ? { ...entry.speaker } : undefined;
  }

  // -------------------------------------------------------------------------------------------

  private refresh(): void {
    if (this.stale) this.rebuild();
    this.stale = false;
  }

  private matchingEntries(text: string): Entry[] {
    const q = nameKey(text);
    if (q.tokens.length === 0) return [];
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.entries) {
      let score = -1;
      for (const v of entry.keys) {
        if (v.key === q.key) score = Math.max(score, 3);
        else if (containsRun(v.tokens, q.tokens)) score = Math.max(score, v.key.endsWith(` ${q.key}`) ? 2 : 1);
      }
      if (score >= 0) scored.push({ entry, score });
    }
    if (scored.length === 0) {
      // A partly typed name: every word a prefix of a word of one variant.
      for (const entry of this.entries) {
        if (entry.keys.some((v) => q.tokens.every((t) => v.tokens.some((w) => w.startsWith(t)))))
          scored.push({ entry, score: 0 });
      }
    }
    return scored.sort((a, b) => b.score - a.score || b.entry.count - a.entry.count).map((s) => s.entry);
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
      index.addAll((pool?.quotes ?? this.quotes).map((q) => ({ id: q.id, text: q.text, context: q.context })));
      if (!pool) this.index = index;
      else {
        if (this.poolIndexes.size >= POOL_INDEXES) this.poolIndexes.delete(this.poolIndexes.keys().next().value ?? '');
        this.poolIndexes.set(pool.key, index);
      }
    }
    return index.search(about).map((r) => ({ id: String(r.id), score: r.score }));
  }

  /** Names speakers across the corpus and orders the quotations. */
  private rebuild(): void {
    this.index = undefined;
    this.poolIndexes.clear();
    const analyses = [...this.analyses.values()];
    const fullNames = new NameIndex();
    // Role words each full name is written with anywhere, to refuse "President Biden" → "Jill Biden".
    const roleWords = new Map<string, Set<string>>();
    // Each distinct name is indexed once, with how often it occurs (a large corpus repeats names a lot).
    const personCounts = new Map<string, number>();
    for (const a of analyses) {
      for (const p of a.persons) {
        personCounts.set(p.name, (personCounts.get(p.name) ?? 0) + 1);
        const key = nameKey(p.name).key;
        const words = roleWords.get(key) ?? new Set<string>();
        for (const r of p.roles) for (const w of nameKey(r).tokens) if (w.length > 2) words.add(w);
        roleWords.set(key, words);
      }
    }
    for (const [name, times] of personCounts) fullNames.add(name, times);
    // One lookup per distinct name, not a scan over every full name.
    const canonical = new Map<string, string>();
    const canonicalPerson = (name: string, role?: string) => {
      const memo = `${name}|${role ?? ''}`;
      let full = canonical.get(memo);
      if (full === undefined) {
        full = fullNames.resolve(name) ?? name;
        const known = roleWords.get(nameKey(full).key);
        if (full !== name && role && known && known.size > 0 && !nameKey(role).tokens.some((w) => known.has(w)))
          full = name;
        canonical.set(memo, full);
      }
      return full;
    };
    // While naming, each entry also counts the roles the corpus gives it.
    type Building = Entry & { roles: Map<string, number> };
    const entries = new Map<string, Building>();
    const entryFor = (name: string, person: boolean) => {
      const key = `${person ? 'p' : 'b'}:${foldName(name)}`;
      let entry = entries.get(key);
      if (!entry) {
        entry = { speaker: { name }, key, person, variants: new Map(), keys: [], count: 0, roles: new Map() };
        entries.set(key, entry);
      }
      return entry;
    };
    const addVariant = (entry: Entry, variant: string) => {
      const clean = variant.trim();
      if (!clean) return;
      const key = foldName(clean);
      if (!entry.variants.has(key)) entry.variants.set(key, clean);
    };
    const addRole = (entry: Building, role: string | undefined) => {
      if (role) entry.roles.set(role, (entry.roles.get(role) ?? 0) + 1);
    };

    const quotes: { quotation: Quotation; entry?: Entry; date: string }[] = [];
    for (const a of analyses) {
      for (const { quotation, raw } of a.quotes) {
        let entry: Building | undefined;
        if (quotation.speaker && raw) {
          entry = entryFor(
            raw.person ? canonicalPerson(quotation.speaker.name, quotation.speaker.role) : quotation.speaker.name,
            raw.person,
          );
          entry.count++;
          addRole(entry, quotation.speaker.role);
          addVariant(entry, quotation.speaker.name);
          addVariant(entry, raw.surface);
        }
        quotes.push({ quotation, entry, date: a.date });
      }
    }
    // Name variants and roles from every mention of a speaking person in the corpus.
    for (const a of analyses) {
      for (const { core, surface, role } of a.nameSurfaces) {
        const entry = entries.get(`p:${foldName(canonicalPerson(core))}`);
        if (!entry) continue;
        addVariant(entry, surface);
        addVariant(entry, core);
        if (nameTokens(surface).length > nameTokens(core).length) addRole(entry, role);
      }
    }
    for (const entry of entries.values()) {
      const roles = [...entry.roles].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length);
      const role = roles[0]?.[0];
      entry.speaker = role !== undefined ? { name: entry.speaker.name, role } : { name: entry.speaker.name };
      entry.keys = namesOf(entry).map(nameKey);
    }

    // Newest document first, then document order. The documents are ordered once (string
    // comparison is what costs), and each quotation then sorts by its document's rank.
    const docRank = new Map(
      [...new Map(quotes.map((q) => [q.quotation.docId, q.date]))]
        .sort(([xId, xDate], [yId, yDate]) => yDate.localeCompare(xDate) || xId.localeCompare(yId))
        .map(([id], rank) => [id, rank]),
    );
    const order = quotes.map((q) => ({ q, rank: docRank.get(q.quotation.docId) ?? 0, n: quoteNumber(q.quotation.id) }));
    order.sort((x, y) => x.rank - y.rank || x.q.quotation.paragraph - y.q.quotation.paragraph || x.n - y.n);
    order.forEach((o, i) => (quotes[i] = o.q));
    this.entries = [...entries.values()];
    this.entryOfQuote = new Map();
    this.quotes = quotes.map(({ quotation, entry }) => {
      if (entry) this.entryOfQuote.set(quotation.id, entry);
      return { ...quotation, speaker: entry ? { ...entry.speaker } : null, attributed: entry !== undefined };
    });
  }
}

const SAVED_VERSION = 1;
/** Speakers' search indexes kept at once (see `QuoteBook.search`). */
const POOL_INDEXES = 32;

function quoteNumber(id: string): number {
  return Number(/#q(\d+)$/.exec(id)?.[1] ?? 0);
}

/** The canonical name and every variant of a speaker. */
function namesOf(entry: Entry): string[] {
  return [entry.speaker.name, ...entry.variants.values()];
}

/** Folding for comparing speaker names: case, accents, punctuation. */
export function sameSpeakerName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}
