import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument, CorpusProblem, Passage } from './corpus/types.js';
import { byDateDescending, parseCorpusFiles } from './corpus/load-corpus.js';
import { readCorpusFolder, type CorpusFile } from './corpus/read-folder.js';
import { checkCacheShape, checkPassagesAreSlices, documentBlocks, textsOfCachedDocuments } from './corpus/verify-cache.js';
import { documentContext, segmentPassages } from './corpus/passages.js';
import { Analyzer, type Language } from './search/analyze.js';
import { loadAliases } from './search/aliases.js';
import { PassageIndex, type SavedPassageIndex } from './search/passage-index.js';
import { fold } from './search/fold.js';
import { answerQuestion, type SearchContext } from './answer/answer-question.js';
import type { Answer, AskOptions } from './answer/types.js';
import { QuoteBook } from './quotes/quote-book.js';

/** Bump when the analysis or the saved shape changes, so old caches are rebuilt. */
const CACHE_VERSION = 5;

export interface OpenOptions {
  /** The folder of document files (and aliases.yml). */
  corpusDir: string;
  /** Where the index cache is kept. */
  dataDir: string;
  /** Told why a saved index was not used and is being rebuilt (wrong shape, stale, edited). */
  onCacheRejected?: (reason: string) => void;
}

interface SavedIndex {
  version: number;
  corpusHash: string;
  lastChanged: string;
  documents: CorpusDocument[];
  problems: CorpusProblem[];
  index: SavedPassageIndex;
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
  private quoteBook: QuoteBook | undefined;

  private constructor(
    readonly corpusDir: string,
    readonly analyzer: Analyzer,
    private readonly index: PassageIndex,
    documents: CorpusDocument[],
    private corpusProblems: CorpusProblem[],
    private lastChange: string,
    /** True when this instance was read from the cache rather than built. */
    readonly fromCache: boolean,
  ) {
    for (const doc of documents) this.remember(doc);
  }

  static async open({ corpusDir, dataDir, onCacheRejected = (reason) => console.warn(`pactbot: ${reason}`) }: OpenOptions): Promise<PactIndex> {
    const folder = await readCorpusFolder(corpusDir);
    const files = folder.files;
    const aliases = await loadAliases(corpusDir);
    // Aliases change the analysis, and skipped files change the problems: both are in the hash.
    const corpusHash = hashFiles(files, JSON.stringify([aliases, folder.problems]));
    const analyzer = new Analyzer(aliases);
    const cacheFile = cachePath(dataDir, corpusDir);
    const cached = await readCache(cacheFile, CACHE_VERSION, corpusHash, onCacheRejected);
    if (cached) {
      const pact = PactIndex.fromCache(corpusDir, analyzer, cached, files, onCacheRejected);
      if (pact) return pact;
    }
    const parsed = parseCorpusFiles(files);
    const documents = parsed.documents;
    const problems = [...folder.problems, ...parsed.problems];
    const lastChanged = new Date(Math.max(0, ...files.map((f) => f.mtimeMs))).toISOString();
    const pact = new PactIndex(corpusDir, analyzer, PassageIndex.create(analyzer), [], problems, lastChanged, false);
    for (const doc of documents) pact.addOrReplaceDocument(doc, lastChanged);
    await writeCache(cacheFile, {
      version: CACHE_VERSION,
      corpusHash,
      lastChanged,
      documents,
      problems,
      index: pact.index.toJSON(),
    });
    return pact;
  }

  /**
   * The index rebuilt from a cache that passed its shape and hash checks, once every passage,
   * paragraph and header line is found verbatim in its document file as read now; otherwise
   * undefined (and why, to `rejected`), so the caller rebuilds from the files.
   */
  private static fromCache(corpusDir: string, analyzer: Analyzer, cached: SavedIndex, files: CorpusFile[], rejected: (reason: string) => void): PactIndex | undefined {
    let pact: PactIndex;
    try {
      const index = PassageIndex.fromJSON(analyzer, cached.index);
      pact = new PactIndex(corpusDir, analyzer, index, cached.documents, cached.problems, cached.lastChanged, true);
    } catch (error) {
      rejected(`the index cache could not be loaded (${(error as Error).message}): rebuilding it`);
      return undefined;
    }
    const texts = textsOfCachedDocuments(cached.documents, files);
    const wrong = checkPassagesAreSlices(texts, [...documentBlocks(cached.documents), ...pact.passages()]);
    if (wrong) {
      rejected(`the index cache does not match the corpus files (${wrong.passage}: ${wrong.reason}): rebuilding it`);
      return undefined;
    }
    return pact;
  }

  /** Adds a document to the loaded index (or replaces the one with its id) without a rebuild. */
  addOrReplaceDocument(doc: CorpusDocument, changedAt = new Date().toISOString()): void {
    this.forget(doc.id);
    const passages = segmentPassages(doc);
    this.index.add(passages, doc.meta.language, documentContext(doc));
    this.remember(doc, passages);
    this.corpusProblems = this.corpusProblems.filter((p) => path.resolve(p.file) !== path.resolve(doc.file));
    this.lastChange = changedAt;
    this.quoteBook?.add(doc); // replaces the document's quotations by id
  }

  removeDocument(id: string): void {
    if (this.forget(id)) this.quoteBook = undefined; // rebuilt on next use without the document
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
    return answerQuestion(this.searchContext(), question, options);
  }

  /** The corpus's quotations and their speakers, extracted on first use. */
  get quotes(): QuoteBook {
    this.quoteBook ??= QuoteBook.build(this.documents(), { analyzer: this.analyzer });
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
    this.docs.set(doc.id, doc);
    this.passagesByDoc.set(doc.id, passages);
    for (const p of passages) this.passagesById.set(p.id, p);
  }

  private searchContext(): SearchContext {
    const languages = [...new Set<Language>(['en', ...[...this.docs.values()].map((d) => d.meta.language)])];
    return {
      analyzer: this.analyzer,
      index: this.index,
      languages,
      passage: (id) => this.passagesById.get(id),
      document: (id) => this.docs.get(id),
      passages: (id) => this.passages(id),
      // A function, so only a "what did X say" question pays for extracting the quotations.
      quotes: () => this.quotes,
    };
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

/** Each corpus folder gets its own cache file, so `--corpus DIR` never reuses another's index. */
function cachePath(dataDir: string, corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(dataDir, 'index', `${key}.json`);
}

/** The saved index when it has the right shape, version and corpus hash; otherwise undefined (rebuild). */
async function readCache(file: string, version: number, corpusHash: string, rejected: (reason: string) => void): Promise<SavedIndex | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') rejected(`the index cache ${file} is unreadable (${(error as Error).message}): rebuilding it`);
    return undefined;
  }
  const shape = checkCacheShape(json);
  if (!shape.ok) {
    rejected(`the index cache ${file} has the wrong shape (${shape.reason}): rebuilding it`);
    return undefined;
  }
  if (shape.cache.version !== version || shape.cache.corpusHash !== corpusHash) {
    rejected(`the index cache ${file} is from another version or corpus: rebuilding it`);
    return undefined;
  }
  return json as SavedIndex;
}

async function writeCache(file: string, saved: SavedIndex): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(saved));
  await rename(temporary, file); // atomic: a crash mid-write never leaves a half cache
}
