import MiniSearch from 'minisearch';
import type { CorpusDocument } from '../corpus/types.js';
import { Analyzer, containsRun } from '../search/analyze.js';
import { analyzeDocument, type DocumentAnalysis } from './extract.js';
import { foldName, isSuffixName, longestMatchingName, nameTokens } from './names.js';
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
  variants: Map<string, string>;
  count: number;
}

/**
 * The quotations of the whole corpus, with one canonical speaker per person or body: short
 * names resolve to the longest full name seen in any document (surname matching, accent-
 * insensitive), and each speaker carries the role the corpus gives most often.
 */
export class QuoteBook {
  private readonly analyses = new Map<string, DocumentAnalysis>();
  private readonly documents = new Map<string, CorpusDocument>();
  private readonly analyzer: Analyzer;
  private quotes: Quotation[] = [];
  private entries: Entry[] = [];
  private entryOfQuote = new Map<string, Entry>();
  private index: MiniSearch<{ id: string; text: string; context: string }> | undefined;

  constructor(options: QuoteBookOptions = {}) {
    this.analyzer = options.analyzer ?? new Analyzer();
  }

  static build(documents: CorpusDocument[], options: QuoteBookOptions = {}): QuoteBook {
    const book = new QuoteBook(options);
    for (const doc of documents) book.analyze(doc);
    book.rebuild();
    return book;
  }

  /** Adds (or replaces, by id) one document and renames speakers across the corpus. */
  add(document: CorpusDocument): void {
    this.analyze(document);
    this.rebuild();
  }

  // --- Incremental use and the saved form (for the index cache) -----------------------------
  // Extraction is per document and its result is plain data, so the index extracts each
  // document once when it indexes it, saves the analyses with the index, and builds the book
  // from them at start-up without extracting anything.

  /** A book from documents already analysed (e.g. read from the index cache). */
  static fromAnalyses(entries: Iterable<{ document: CorpusDocument; analysis: DocumentAnalysis }>, options: QuoteBookOptions = {}): QuoteBook {
    const book = new QuoteBook(options);
    for (const { document, analysis } of entries) {
      book.documents.set(document.id, document);
      book.analyses.set(document.id, analysis);
    }
    book.rebuild();
    return book;
  }

  /** Adds (or replaces) one document whose analysis is already known. */
  addAnalyzed(document: CorpusDocument, analysis: DocumentAnalysis): void {
    this.documents.set(document.id, document);
    this.analyses.set(document.id, analysis);
    this.rebuild();
  }

  /** Drops one document's quotations; false when it had none in the book. */
  remove(docId: string): boolean {
    const had = this.documents.delete(docId);
    this.analyses.delete(docId);
    if (had) this.rebuild();
    return had;
  }

  // -------------------------------------------------------------------------------------------

  /** Every quotation, newest document first, then in document order. */
  all(): Quotation[] {
    return [...this.quotes];
  }

  find(options: FindOptions = {}): Quotation[] {
    const limit = options.limit ?? 10;
    let pool = this.quotes;
    if (options.speaker && options.speaker.trim()) {
      const entries = this.matchingEntries(options.speaker);
      const keys = new Set(entries.map((e) => e.key));
      pool = pool.filter((q) => {
        const entry = this.entryOfQuote.get(q.id);
        return entry !== undefined && keys.has(entry.key);
      });
    }
    if (options.about && options.about.trim()) {
      const inPool = new Map(pool.map((q) => [q.id, q]));
      const hits = this.search(options.about).filter((hit) => inPool.has(hit.id));
      return hits.slice(0, limit).map((hit) => inPool.get(hit.id)!);
    }
    return pool.slice(0, limit);
  }

  speakers(): SpeakerSummary[] {
    return this.entries
      .filter((e) => e.count > 0)
      .map((e) => ({ speaker: { ...e.speaker }, count: e.count, variants: [...e.variants.values()] }))
      .sort((a, b) => b.count - a.count || a.speaker.name.localeCompare(b.speaker.name));
  }

  /** Speakers whose any name variant matches a partly typed name, best first (for autocomplete). */
  suggestSpeakers(partial: string, limit = 25): Speaker[] {
    const q = foldName(partial);
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.entries) {
      if (entry.count === 0) continue;
      if (!q) {
        scored.push({ entry, score: 0 });
        continue;
      }
      let score = -1;
      for (const variant of namesOf(entry)) {
        const v = foldName(variant);
        if (v.startsWith(q)) score = Math.max(score, variant === entry.speaker.name ? 3 : 2);
        else if (v.split(' ').some((t) => t.startsWith(q)) || v.includes(` ${q}`)) score = Math.max(score, 1);
        else if (v.includes(q)) score = Math.max(score, 0);
      }
      if (score >= 0) scored.push({ entry, score });
    }
    return scored
      .sort((a, b) => b.score - a.score || b.entry.count - a.entry.count || a.entry.speaker.name.localeCompare(b.entry.speaker.name))
      .slice(0, limit)
      .map((s) => ({ ...s.entry.speaker }));
  }

  /** The speaker a name means, if any: exact variant first, then the best partial match. */
  resolveSpeaker(text: string): Speaker | undefined {
    const entry = this.matchingEntries(text)[0];
    return entry ? { ...entry.speaker } : undefined;
  }

  // -------------------------------------------------------------------------------------------

  private analyze(doc: CorpusDocument): void {
    this.documents.set(doc.id, doc);
    this.analyses.set(doc.id, analyzeDocument(doc));
  }

  private matchingEntries(text: string): Entry[] {
    const q = nameTokens(text);
    if (q.length === 0) return [];
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.entries) {
      let score = -1;
      for (const variant of namesOf(entry)) {
        const v = nameTokens(variant);
        if (v.join(' ') === q.join(' ')) score = Math.max(score, 3);
        else if (containsRun(v, q)) score = Math.max(score, isSuffixName(text, variant) ? 2 : 1);
      }
      if (score >= 0) scored.push({ entry, score });
    }
    if (scored.length === 0) {
      // A partly typed name: every word a prefix of a word of one variant.
      for (const entry of this.entries) {
        const hit = namesOf(entry).some((variant) => {
          const v = nameTokens(variant);
          return q.every((t) => v.some((w) => w.startsWith(t)));
        });
        if (hit) scored.push({ entry, score: 0 });
      }
    }
    return scored.sort((a, b) => b.score - a.score || b.entry.count - a.entry.count).map((s) => s.entry);
  }

  private search(about: string): { id: string; score: number }[] {
    if (!this.index) {
      const tokenize = (text: string) => this.analyzer.tokens(text);
      this.index = new MiniSearch({
        fields: ['text', 'context'],
        tokenize,
        processTerm: (term) => term,
        searchOptions: { boost: { text: 2 }, fuzzy: (term) => (term.length > 5 ? 0.2 : false), prefix: (term) => term.length > 3 },
      });
      this.index.addAll(this.quotes.map((q) => ({ id: q.id, text: q.text, context: q.context })));
    }
    return this.index.search(about).map((r) => ({ id: String(r.id), score: r.score }));
  }

  /** Names speakers across the corpus and orders the quotations. */
  private rebuild(): void {
    this.index = undefined;
    const analyses = [...this.analyses.values()];
    const fullNames = new Set<string>();
    for (const a of analyses) for (const p of a.persons) fullNames.add(p.name);
    const canonicalPerson = (name: string) => longestMatchingName(name, fullNames) ?? name;

    // While naming, each entry also counts the roles the corpus gives it.
    type Building = Entry & { roles: Map<string, number> };
    const entries = new Map<string, Building>();
    const entryFor = (name: string, person: boolean) => {
      const key = `${person ? 'p' : 'b'}:${foldName(name)}`;
      let entry = entries.get(key);
      if (!entry) {
        entry = { speaker: { name }, key, person, variants: new Map(), count: 0, roles: new Map() };
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
      const doc = this.documents.get(a.docId)!;
      for (const { quotation, raw } of a.quotes) {
        let entry: Building | undefined;
        if (quotation.speaker && raw) {
          entry = entryFor(raw.person ? canonicalPerson(quotation.speaker.name) : quotation.speaker.name, raw.person);
          entry.count++;
          addRole(entry, quotation.speaker.role);
          addVariant(entry, quotation.speaker.name);
          addVariant(entry, raw.surface);
        }
        quotes.push({ quotation, entry, date: doc.meta.date });
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
      entry.speaker = roles.length > 0 ? { name: entry.speaker.name, role: roles[0][0] } : { name: entry.speaker.name };
    }

    quotes.sort(
      (x, y) =>
        y.date.localeCompare(x.date) ||
        x.quotation.docId.localeCompare(y.quotation.docId) ||
        x.quotation.paragraph - y.quotation.paragraph ||
        quoteNumber(x.quotation.id) - quoteNumber(y.quotation.id),
    );
    this.entries = [...entries.values()];
    this.entryOfQuote = new Map();
    this.quotes = quotes.map(({ quotation, entry }) => {
      if (entry) this.entryOfQuote.set(quotation.id, entry);
      return { ...quotation, speaker: entry ? { ...entry.speaker } : null, attributed: entry !== undefined };
    });
  }
}

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
