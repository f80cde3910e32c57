import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CorpusDocument, CorpusProblem, Passage } from './corpus/types.js';
import { byDateDescending, parseCorpusFiles } from './corpus/load-corpus.js';
import { checkCorpusFolder, readCorpusFolder, type CorpusFile } from './corpus/read-folder.js';
import {
  checkManifestShape,
  documentText,
  filesByPath,
  restoreDocument,
  savedDocument,
  type SavedDocument,
} from './corpus/verify-cache.js';
import { documentContext, segmentPassages } from './corpus/passages.js';
import { Analyzer, type Language } from './search/analyze.js';
import { loadAliases } from './search/aliases.js';
import { PassageIndex, type SavedPassageRow } from './search/passage-index.js';
import { fold } from './search/fold.js';
import { answerQuestion, type SearchContext } from './answer/answer-question.js';
import type { Answer, AskOptions } from './answer/types.js';
import type { PassageEmbeddings } from './answer/embeddings.js';
import { QuoteBook } from './quotes/quote-book.js';
import { analyzeDocument, type DocumentAnalysis } from './quotes/extract.js';
import { analyzeDocumentOffThread, isLargeDocument } from './quotes/extract-off-thread.js';
import { speakerIntent } from './question/question.js';
import {
  cacheManifestPath,
  readManifestJson,
  readRecordBytes,
  readRecordFile,
  readRecords,
  recordLines,
  writeCache,
  type CacheManifest,
} from './index-cache.js';

/** Bump when the analysis or the saved shape changes, so old caches are rebuilt. */
const CACHE_VERSION = 10;
/**
 * The longest the quote book's background work (reading saved analyses, naming speakers) holds
 * the event loop in one turn; a question or an interaction waits at most about this long for it.
 */
const BACKGROUND_SLICE_MS = 15;
/** Passages of a large document indexed between two looks at the clock. */
const SLICE_PASSAGES = 32;

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
  /** Told why a saved index was not used and is being rebuilt (wrong shape, stale, edited). */
  onCacheRejected?: (reason: string) => void;
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
  /** Documents added whose quotations are not extracted yet (see `addOrReplaceDocument`). */
  private readonly pendingQuotations = new Map<string, CorpusDocument>();
  /** Large documents whose quotations are being extracted in the extractor's thread. */
  private readonly extractingOffThread = new Map<string, CorpusDocument>();
  /**
   * The saved quotation analyses not read yet (a start from the cache reads them after it is
   * ready, a slice per event-loop turn; `quotes` reads the rest at once if asked before).
   */
  private savedQuotes: { bytes: Buffer; lines: Generator<{ start: number; end: number }> } | undefined;
  private backgroundTask: NodeJS.Immediate | undefined;
  /** Callers of `quotesReady` waiting for the background work to end. */
  private quotesWaiters: (() => void)[] = [];
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

  static async open({
    corpusDir,
    dataDir,
    deferQuotations = false,
    onCacheRejected = (reason) => console.warn(`pactbot: ${reason}`),
  }: OpenOptions): Promise<PactIndex> {
    await checkCorpusFolder(corpusDir); // before aliases.yml, so a wrong folder is named as such
    const aliases = await loadAliases(corpusDir);
    const analyzer = new Analyzer(aliases);
    const manifestFile = cacheManifestPath(dataDir, corpusDir);
    // The corpus files and the saved index are read at once: reading thousands of small files
    // mostly waits on the disk, and parsing the saved records fills that wait. Whether the saved
    // index may be used is decided after, by the corpus hash and the verbatim check.
    const [folder, saved] = await Promise.all([
      readCorpusFolder(corpusDir),
      PactIndex.readSaved(manifestFile, analyzer, onCacheRejected),
    ]);
    const files = folder.files;
    // Aliases change the analysis, and skipped files change the problems: both are in the hash.
    const corpusHash = hashFiles(files, JSON.stringify([aliases, folder.problems]));
    const cached =
      saved &&
      PactIndex.fromSaved(saved, { corpusDir, analyzer, manifestFile, corpusHash, files, rejected: onCacheRejected });
    if (cached) return cached;
    const parsed = parseCorpusFiles(files);
    const documents = parsed.documents;
    const problems = [...folder.problems, ...parsed.problems];
    const lastChanged = new Date(Math.max(0, ...files.map((f) => f.mtimeMs))).toISOString();
    const pact = new PactIndex(corpusDir, analyzer, PassageIndex.create(analyzer), problems, lastChanged, false);
    pact.deferQuotations = deferQuotations;
    for (const doc of documents) await pact.addOrReplaceDocument(doc, lastChanged);
    if (!deferQuotations) pact.extractPendingQuotations(); // saved with the index below
    pact.deferQuotations = false;
    await writeCache(
      manifestFile,
      { version: CACHE_VERSION, corpusHash, lastChanged, problems, index: pact.index.savedHeader() },
      {
        documents: savedDocuments(pact.docs.values(), files),
        passages: pact.index.savedPassages(),
        terms: pact.index.savedTerms(),
        quotes: pact.quoteAnalyses.values(),
      },
    );
    if (!deferQuotations) pact.startQuoteBook();
    return pact;
  }

  /**
   * The saved index as read back, before it is known to fit the corpus: undefined when there is
   * none or its manifest is unreadable (said to `rejected`); without `index` when it is of
   * another version; with `error` when its records could not be loaded.
   */
  private static async readSaved(
    manifestFile: string,
    analyzer: Analyzer,
    rejected: (reason: string) => void,
  ): Promise<SavedIndex | undefined> {
    const manifest = await PactIndex.readManifest(manifestFile, rejected);
    if (!manifest) return undefined;
    if (manifest.version !== CACHE_VERSION) return { manifest };
    try {
      const index = await PassageIndex.load(
        analyzer,
        manifest.index,
        turnByTurn(await readRecords<SavedPassageRow>(manifestFile, manifest, 'passages'), 20_000),
        await readRecordFile(manifestFile, manifest, 'terms'),
      );
      const documents: unknown[] = [];
      for await (const record of turnByTurn(await readRecords<unknown>(manifestFile, manifest, 'documents'), 500))
        documents.push(record);
      return { manifest, index, documents, quotes: await readRecordBytes(manifestFile, manifest, 'quotes') };
    } catch (error) {
      return { manifest, error: (error as Error).message };
    }
  }

  /**
   * The saved index when it was made from exactly these corpus files, has the right shape, and
   * every paragraph and header line is found verbatim in its document file as read now;
   * otherwise undefined (and why, to `rejected`), so the caller rebuilds from the files.
   */
  private static fromSaved(
    saved: SavedIndex,
    c: {
      corpusDir: string;
      analyzer: Analyzer;
      manifestFile: string;
      corpusHash: string;
      files: CorpusFile[];
      rejected: (reason: string) => void;
    },
  ): PactIndex | undefined {
    const { manifest } = saved;
    if (manifest.version !== CACHE_VERSION || manifest.corpusHash !== c.corpusHash) {
      c.rejected(`the index cache ${c.manifestFile} is from another version or corpus: rebuilding it`);
      return undefined;
    }
    if (saved.error !== undefined || !saved.index || !saved.documents || !saved.quotes) {
      c.rejected(`the index cache could not be loaded (${saved.error ?? 'records missing'}): rebuilding it`);
      return undefined;
    }
    const files = filesByPath(c.files);
    // Every saved header line and paragraph is cut from its file as read now (or, saved as
    // text, must be found in it), so nothing quoted can be words the file does not hold.
    const documents: CorpusDocument[] = [];
    try {
      for (const record of saved.documents) {
        const restored = restoreDocument(record, files);
        if ('wrong' in restored) {
          const { passage, reason } = restored.wrong;
          c.rejected(`the index cache does not match the corpus files (${passage}: ${reason}): rebuilding it`);
          return undefined;
        }
        documents.push(restored.document);
      }
    } catch (error) {
      c.rejected(`the index cache could not be loaded (${(error as Error).message}): rebuilding it`);
      return undefined;
    }
    const pact = new PactIndex(c.corpusDir, c.analyzer, saved.index, manifest.problems, manifest.lastChanged, true);
    for (const doc of documents) pact.remember(doc);
    pact.savedQuotes = { bytes: saved.quotes, lines: recordLines(saved.quotes) };
    pact.startQuoteBook();
    return pact;
  }

  /** The cache's manifest when it is readable and of the right shape; a missing one is no warning. */
  private static async readManifest(
    manifestFile: string,
    rejected: (reason: string) => void,
  ): Promise<CacheManifest | undefined> {
    let json: unknown;
    try {
      json = await readManifestJson(manifestFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        rejected(`the index cache ${manifestFile} is unreadable (${(error as Error).message}): rebuilding it`);
      return undefined;
    }
    const shape = checkManifestShape(json);
    if (!shape.ok) rejected(`the index cache ${manifestFile} has the wrong shape (${shape.reason}): rebuilding it`);
    return shape.ok ? (json as CacheManifest) : undefined;
  }

  /**
   * Adds a document to the loaded index (or replaces the one with its id) without a rebuild.
   * Its passages are searchable when this returns, or for a large document when the promise
   * resolves: its passages are added a slice per event-loop turn, so the bot keeps answering.
   * Its quotations are extracted once, just after, in a task of their own (extraction costs more
   * than indexing, and the caller need not wait for it); anything that reads the quote book
   * first extracts what is still pending.
   */
  async addOrReplaceDocument(doc: CorpusDocument, changedAt = new Date().toISOString()): Promise<void> {
    this.forget(doc.id);
    const passages = segmentPassages(doc);
    this.remember(doc, passages);
    if (!isLargeDocument(doc)) this.index.add(passages, doc.meta.language, documentContext(doc));
    else if (!(await this.indexInSlices(doc, passages))) return;
    this.corpusProblems = this.corpusProblems.filter((p) => path.resolve(p.file) !== path.resolve(doc.file));
    this.lastChange = changedAt;
    if (this.deferQuotations && !this.quoteBook) return;
    this.pendingQuotations.set(doc.id, doc);
    this.inBackground();
  }

  /** Indexes a large document's passages in slices; false when it was replaced or removed meanwhile. */
  private async indexInSlices(doc: CorpusDocument, passages: Passage[]): Promise<boolean> {
    const context = documentContext(doc);
    let until = performance.now() + BACKGROUND_SLICE_MS;
    for (let from = 0; from < passages.length; from += SLICE_PASSAGES) {
      if (performance.now() >= until) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.docs.get(doc.id) !== doc) return false;
        until = performance.now() + BACKGROUND_SLICE_MS;
      }
      this.index.add(passages.slice(from, from + SLICE_PASSAGES), doc.meta.language, context);
    }
    return true;
  }

  removeDocument(id: string): void {
    this.pendingQuotations.delete(id);
    if (this.forget(id) && this.quoteBook?.remove(id)) this.inBackground();
  }

  /**
   * The quote book, named from the analyses at hand (built) or from the saved ones as they are
   * read (a start from the cache), in the background.
   */
  private startQuoteBook(): void {
    this.quoteBook = new QuoteBook({ analyzer: this.analyzer });
    for (const doc of this.docs.values()) {
      const analysis = this.quoteAnalyses.get(doc.id);
      if (analysis) this.quoteBook.addAnalysis(analysis);
    }
    this.inBackground();
  }

  /**
   * The quote book's work after a start or a change, a slice per event-loop turn so that no
   * interaction waits long behind it: reading saved analyses, extracting added documents (one
   * per turn: a document's extraction cannot be split, so a large one goes to the extractor's
   * thread), naming speakers.
   */
  private inBackground(): void {
    if (this.backgroundTask) return;
    if (this.quotesSettled()) {
      for (const done of this.quotesWaiters.splice(0)) done();
      return;
    }
    this.backgroundTask = setImmediate(() => {
      this.backgroundTask = undefined;
      const until = performance.now() + BACKGROUND_SLICE_MS;
      this.readSavedQuotes(until);
      if (!this.savedQuotes) {
        if (performance.now() < until) this.extractPendingQuotations(1, { largeOffThread: true });
        if (performance.now() < until) this.quoteBook?.work(until - performance.now());
      }
      this.inBackground();
    });
    // Never what keeps the process alive, unless someone awaits `quotesReady`.
    if (this.quotesWaiters.length === 0) this.backgroundTask.unref();
  }

  private quotesSettled(): boolean {
    return (
      !this.savedQuotes &&
      this.pendingQuotations.size === 0 &&
      this.extractingOffThread.size === 0 &&
      !this.quoteBook?.busy
    );
  }

  /**
   * Resolves when every quotation is extracted and every speaker named, so a caller that may
   * wait (an interaction, before it reads `quotes`) never makes the book finish in one go.
   */
  quotesReady(): Promise<void> {
    if (this.quotesSettled()) return Promise.resolve();
    return new Promise((resolve) => {
      this.quotesWaiters.push(resolve);
      this.backgroundTask?.ref(); // scheduled before anyone waited: now it must keep the process alive
      this.inBackground();
    });
  }

  /**
   * Reads saved analyses into the book until `until` (all by default). A saved analysis is
   * used only for a document loaded from the same cache and not replaced since; a line that
   * does not parse is skipped, and any document left without an analysis is extracted anew.
   */
  private readSavedQuotes(until = Infinity): void {
    const saved = this.savedQuotes;
    if (!saved) return;
    for (let next = saved.lines.next(); !next.done; next = saved.lines.next()) {
      let analysis: DocumentAnalysis | undefined;
      try {
        analysis = JSON.parse(saved.bytes.toString('utf8', next.value.start, next.value.end)) as DocumentAnalysis;
      } catch {
        analysis = undefined;
      }
      const id = analysis?.docId;
      if (analysis && id && this.docs.has(id) && !this.quoteAnalyses.has(id) && !this.pendingQuotations.has(id)) {
        this.quoteAnalyses.set(id, analysis);
        this.quoteBook?.addAnalysis(analysis);
      }
      if (performance.now() >= until) return;
    }
    this.savedQuotes = undefined;
    for (const doc of this.docs.values())
      if (!this.quoteAnalyses.has(doc.id) && !this.pendingQuotations.has(doc.id))
        this.pendingQuotations.set(doc.id, doc);
  }

  /**
   * Extracts pending documents' quotations now (all, or the first `count`); with
   * `largeOffThread`, a large document is sent to the extractor's thread instead, and its
   * quotations join the book when they come back.
   */
  private extractPendingQuotations(count = Infinity, { largeOffThread = false } = {}): void {
    for (const [id, doc] of this.pendingQuotations) {
      if (count-- <= 0) return;
      this.pendingQuotations.delete(id);
      if (largeOffThread && isLargeDocument(doc)) this.extractOffThread(doc);
      else this.useAnalysis(doc, analyzeDocument(doc));
    }
  }

  private useAnalysis(doc: CorpusDocument, analysis: DocumentAnalysis): void {
    this.quoteAnalyses.set(doc.id, analysis);
    this.quoteBook?.addAnalysis(analysis); // replaces the document's quotations by id
  }

  /**
   * A document whose extraction fails or breaks the extractor's limits keeps its passages, has
   * no quotations, and is reported like a file that failed to load.
   */
  private extractOffThread(doc: CorpusDocument): void {
    this.extractingOffThread.set(doc.id, doc);
    const current = () => this.docs.get(doc.id) === doc; // not replaced or removed meanwhile
    void analyzeDocumentOffThread(doc)
      .then(
        (analysis) => {
          if (current()) this.useAnalysis(doc, analysis);
        },
        (error: Error) => {
          if (!current()) return;
          this.useAnalysis(doc, { docId: doc.id, date: doc.meta.date, quotes: [], persons: [], nameSurfaces: [] });
          this.reportProblems([
            { file: doc.file, field: 'quotations', reason: `were not extracted: ${error.message}` },
          ]);
        },
      )
      .finally(() => {
        if (this.extractingOffThread.get(doc.id) === doc) this.extractingOffThread.delete(doc.id);
        this.inBackground();
      });
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
    // issue 8 hook (answers3): sentence embeddings, when attached, join the ranking and refusal.
    return answerQuestion(this.searchContext(), question, { semantics: this.embeddings?.semantics(), ...options });
  }

  /**
   * Sentence embeddings (src/answer/embeddings.ts), attached by the bot when EMBEDDINGS is on;
   * answering is lexical without them, and for passages not embedded yet.
   */
  embeddings: PassageEmbeddings | undefined;

  /**
   * Embeds a question before `answerQuestion` (at most a short wait; lexical answering after it),
   * and for a "what did X say" question waits for the quote book's background work.
   */
  async prepareQuestion(question: string): Promise<void> {
    if (speakerIntent(question)) await this.quotesReady();
    await this.embeddings?.prepare(question);
  }

  /**
   * The corpus's quotations and their speakers. Quotations were extracted when each document
   * was indexed (or read from the cache); the first use only names the speakers across them.
   */
  get quotes(): QuoteBook {
    this.readSavedQuotes();
    if (!this.quoteBook) {
      // Built with `deferQuotations`: every document's quotations are extracted now.
      for (const doc of this.docs.values())
        if (!this.quoteAnalyses.has(doc.id)) this.pendingQuotations.set(doc.id, doc);
      this.startQuoteBook();
    }
    this.extractPendingQuotations();
    return this.quoteBook!;
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
    const typed = fold(partial)
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
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
      passages: (id) => this.passages(id),
      // A function, so only a "what did X say" question pays for naming the speakers.
      quotes: () => this.quotes,
    };
  }
}

/** A saved index as read back (see `PactIndex.readSaved`). */
interface SavedIndex {
  manifest: CacheManifest;
  index?: PassageIndex;
  /** Saved document records, restored against the corpus files once they are read. */
  documents?: unknown[];
  quotes?: Buffer;
  error?: string;
}

/** Documents as saved with the index: header lines and paragraphs as places in their files' text. */
function* savedDocuments(documents: Iterable<CorpusDocument>, files: CorpusFile[]): Generator<SavedDocument> {
  const byPath = filesByPath(files);
  for (const doc of documents) {
    const file = byPath.get(path.resolve(doc.file));
    yield savedDocument(doc, file ? documentText(file.bytes) : undefined);
  }
}

/** The items, letting other work (reading the corpus files) run every `every` items. */
async function* turnByTurn<T>(items: Iterable<T>, every: number): AsyncGenerator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A hash of every document file's name and bytes, and `extra`: any edit, addition or removal changes it. */
function hashFiles(files: CorpusFile[], extra: string): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.basename(file.path)).update('\0').update(file.bytes).update('\0');
  }
  return hash.update(extra).digest('hex');
}
