import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument, CorpusProblem, Passage } from './corpus/types.js';
import { byDateDescending, isDocumentFile, parseCorpusFiles } from './corpus/load-corpus.js';
import { documentContext, segmentPassages } from './corpus/passages.js';
import { Analyzer, type Language } from './search/analyze.js';
import { loadAliases } from './search/aliases.js';
import { PassageIndex, type SavedPassageRow, type SavedTermRow } from './search/passage-index.js';
import { fold } from './search/fold.js';
import { answerQuestion, type SearchContext } from './answer/answer-question.js';
import type { Answer, AskOptions } from './answer/types.js';
import { answerWithQuotes } from './answer/speaker-questions.js';
import { QuoteBook } from './quotes/quote-book.js';
import { analyzeDocument, type DocumentAnalysis } from './quotes/extract.js';
import { cacheManifestPath, readManifest, readRecords, writeCache } from './index-cache.js';

/** Bump when the analysis or the saved shape changes, so old caches are rebuilt. */
const CACHE_VERSION = 6;

export interface OpenOptions {
  /** The folder of document files (and aliases.yml). */
  corpusDir: string;
  /** Where the index cache is kept. */
  dataDir: string;
  /**
   * Build only the search index, extracting quotations when the quote book is first used
   * rather than per document while indexing (the benchmark times the search index this way).
   */
  deferQuotations?: boolean;
}

/**
 * The loaded corpus and its search index: everything the bot and the command line answer from.
 *
 * ```ts
 * const pact = await PactIndex.open({ corpusDir: 'corpus', dataDir: 'data' });
 * pact.answerQuestion('Who designated the cartels as terrorist organizations?', { limit: 3 });
 * ```
 *
 * The index is saved under `dataDir` and reused at the next start while no file in the corpus
 * folder has changed (by content hash); any change rebuilds it.
 */
export class PactIndex {
  private readonly docs = new Map<string, CorpusDocument>();
  private readonly passagesById = new Map<string, Passage>();
  private readonly passagesByDoc = new Map<string, Passage[]>();
  /** Each document's extracted quotations, made when it is indexed and saved with the index. */
  private readonly quoteAnalyses = new Map<string, DocumentAnalysis>();
  private quoteBook: QuoteBook | undefined;
  /** Set while building with `OpenOptions.deferQuotations`. */
  private deferQuotations = false;
  /** The corpus's languages, English always; recomputed after a change. */
  private languages: Language[] | undefined;

  private constructor(
    readonly corpusDir: string,
    readonly analyzer: Analyzer,
    private readonly index: PassageIndex,
    private corpusProblems: CorpusProblem[],
    private lastChange: string,
    /** True when this instance was read from the cache rather than built. */
    readonly fromCache: boolean,
  ) {}

  static async open({ corpusDir, dataDir, deferQuotations = false }: OpenOptions): Promise<PactIndex> {
    const files = await readCorpusFolder(corpusDir);
    const corpusHash = hashFiles(files);
    const analyzer = new Analyzer(await loadAliases(corpusDir));
    const manifestFile = cacheManifestPath(dataDir, corpusDir);
    const cached = await PactIndex.readCache(corpusDir, analyzer, manifestFile, corpusHash);
    if (cached) return cached;
    const { documents, problems } = parseCorpusFiles(files.filter((f) => isDocumentFile(f.path)));
    const lastChanged = new Date(Math.max(0, ...files.map((f) => f.mtimeMs))).toISOString();
    const pact = new PactIndex(corpusDir, analyzer, PassageIndex.create(analyzer), problems, lastChanged, false);
    pact.deferQuotations = deferQuotations;
    for (const doc of documents) pact.addOrReplaceDocument(doc, lastChanged);
    pact.deferQuotations = false;
    await writeCache(
      manifestFile,
      { version: CACHE_VERSION, corpusHash, lastChanged, problems, index: pact.index.savedHeader() },
      {
        documents: pact.docs.values(),
        passages: pact.index.savedPassages(),
        terms: pact.index.savedTerms(),
        quotes: pact.quoteAnalyses.values(),
      },
    );
    return pact;
  }

  /** The saved index when it was made from exactly these corpus files; undefined to rebuild. */
  private static async readCache(corpusDir: string, analyzer: Analyzer, manifestFile: string, corpusHash: string): Promise<PactIndex | undefined> {
    const manifest = await readManifest(manifestFile);
    if (!manifest || manifest.version !== CACHE_VERSION || manifest.corpusHash !== corpusHash) return undefined;
    try {
      const index = await PassageIndex.load(
        analyzer,
        manifest.index,
        readRecords<SavedPassageRow>(manifestFile, manifest, 'passages'),
        readRecords<SavedTermRow>(manifestFile, manifest, 'terms'),
      );
      const pact = new PactIndex(corpusDir, analyzer, index, manifest.problems, manifest.lastChanged, true);
      for await (const doc of readRecords<CorpusDocument>(manifestFile, manifest, 'documents')) pact.remember(doc);
      for await (const analysis of readRecords<DocumentAnalysis>(manifestFile, manifest, 'quotes')) {
        pact.quoteAnalyses.set(analysis.docId, analysis);
      }
      return pact;
    } catch {
      return undefined; // a file missing or damaged: rebuild
    }
  }

  /**
   * Adds a document to the loaded index (or replaces the one with its id) without a rebuild:
   * its passages are indexed and its quotations extracted, once, here.
   */
  addOrReplaceDocument(doc: CorpusDocument, changedAt = new Date().toISOString()): void {
    this.forget(doc.id);
    const passages = segmentPassages(doc);
    this.index.add(passages, doc.meta.language, documentContext(doc));
    this.remember(doc, passages);
    this.corpusProblems = this.corpusProblems.filter((p) => p.file !== doc.file);
    this.lastChange = changedAt;
    if (this.deferQuotations && !this.quoteBook) return;
    const analysis = analyzeDocument(doc);
    this.quoteAnalyses.set(doc.id, analysis);
    this.quoteBook?.addAnalyzed(doc, analysis); // replaces the document's quotations by id
  }

  removeDocument(id: string): void {
    if (this.forget(id)) this.quoteBook?.remove(id);
  }

  /** Drops a document's passages from the index and the maps; false when it was not loaded. */
  private forget(id: string): boolean {
    const old = this.docs.get(id);
    if (!old) return false;
    const passages = this.passagesByDoc.get(id) ?? [];
    this.index.remove(passages, old.meta.language, documentContext(old));
    for (const p of passages) this.passagesById.delete(p.id);
    this.passagesByDoc.delete(id);
    this.docs.delete(id);
    this.quoteAnalyses.delete(id);
    this.languages = undefined;
    return true;
  }

  /** Records a file that failed to load, for `/about` and the check command. */
  reportProblems(problems: CorpusProblem[]): void {
    this.corpusProblems.push(...problems);
  }

  /**
   * Ranked verbatim passages answering a question; "what did X say about Y?" puts X's own
   * quotations first.
   */
  answerQuestion(question: string, options: AskOptions = {}): Answer {
    const searched = answerQuestion(this.searchContext(), question, options);
    if (options.documentId) return searched;
    const pact = this;
    const source = {
      // A getter, so only a "what did X say" question pays for extracting the quotations.
      get quotes() {
        return pact.quotes;
      },
      passages: (id: string) => this.passages(id),
      document: (id: string) => this.docs.get(id),
    };
    return answerWithQuotes(source, question, searched, options.limit ?? 3) ?? searched;
  }

  /**
   * The corpus's quotations and their speakers. Quotations were extracted when each document
   * was indexed (or read from the cache); the first use only names the speakers across them.
   */
  get quotes(): QuoteBook {
    this.quoteBook ??= QuoteBook.fromAnalyses(
      [...this.docs.values()].map((document) => ({ document, analysis: this.quoteAnalyses.get(document.id) ?? analyzeDocument(document) })),
      { analyzer: this.analyzer },
    );
    return this.quoteBook;
  }

  /** All documents, newest first. */
  documents(): CorpusDocument[] {
    return [...this.docs.values()].sort(byDateDescending);
  }

  problems(): CorpusProblem[] {
    return [...this.corpusProblems];
  }

  getDocument(id: string): CorpusDocument | undefined {
    return this.docs.get(id);
  }

  passages(docId?: string): Passage[] {
    return docId ? [...(this.passagesByDoc.get(docId) ?? [])] : [...this.passagesById.values()];
  }

  /**
   * Documents whose id or title matches what a user typed so far (accent- and case-insensitive,
   * every typed word a prefix of a title word), for autocomplete; with nothing typed, the newest.
   */
  suggestDocuments(partial: string, limit = 25): { id: string; title: string }[] {
    const typed = fold(partial).split(/[^a-z0-9]+/).filter(Boolean);
    return this.documents()
      .filter((doc) => {
        const titleWords = fold(`${doc.meta.title} ${doc.id} ${doc.meta.publisher ?? ''}`).split(/[^a-z0-9]+/);
        return typed.every((t) => titleWords.some((w) => w.startsWith(t)));
      })
      .slice(0, limit)
      .map((doc) => ({ id: doc.id, title: doc.meta.title }));
  }

  stats(): { documents: number; passages: number; lastChanged: string } {
    return { documents: this.docs.size, passages: this.passagesById.size, lastChanged: this.lastChange };
  }

  private remember(doc: CorpusDocument, passages = segmentPassages(doc)): void {
    this.languages = undefined;
    this.docs.set(doc.id, doc);
    this.passagesByDoc.set(doc.id, passages);
    for (const p of passages) this.passagesById.set(p.id, p);
  }

  private searchContext(): SearchContext {
    // Counted once per change, not per question: a question must not walk every document.
    this.languages ??= [...new Set<Language>(['en', ...[...this.docs.values()].map((d) => d.meta.language)])];
    const languages = this.languages;
    return {
      analyzer: this.analyzer,
      index: this.index,
      languages,
      passage: (id) => this.passagesById.get(id),
      document: (id) => this.docs.get(id),
    };
  }
}

interface CorpusFile {
  path: string;
  bytes: Buffer;
  mtimeMs: number;
}

async function readCorpusFolder(dir: string): Promise<CorpusFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => path.join(dir, e.name)).sort();
  return Promise.all(
    files.map(async (file) => ({ path: file, bytes: await readFile(file), mtimeMs: (await stat(file)).mtimeMs })),
  );
}

/** A hash of every file's name and bytes: any edit, addition or removal changes it. */
function hashFiles(files: CorpusFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.basename(file.path)).update('\0').update(file.bytes).update('\0');
  }
  return hash.digest('hex');
}
