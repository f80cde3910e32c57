/**
 * Quotation extraction of a large document off the main thread. Extraction grows faster than a
 * document's length (a 1 MB document took 14 s at load 10), so a document over
 * `OFF_THREAD_CHARS` is analysed in a worker thread while the bot keeps answering; smaller ones
 * stay on the main thread, where they take a few milliseconds.
 */
import type { CorpusDocument } from '../corpus/types.js';
import { WorkerThread, type WorkerLimits } from '../worker-thread.js';
import type { DocumentAnalysis } from './extract.js';

/** Documents with more characters than this are analysed off the main thread. */
export const OFF_THREAD_CHARS = 100_000;

export const EXTRACTION_LIMITS: WorkerLimits = { timeoutMs: 120_000, memoryMb: 1024 };

/** The worker's answer. */
export type AnalyzeReply = { ok: true; analysis: DocumentAnalysis } | { ok: false; message: string };

const extractor = new WorkerThread<CorpusDocument, AnalyzeReply>(
  { base: import.meta.url, name: 'extract-worker' },
  {
    name: 'the quotation extractor',
    doing: 'extracting the quotations',
    failed: 'the quotations could not be extracted',
  },
);

export function isLargeDocument(doc: CorpusDocument): boolean {
  let chars = 0;
  for (const p of doc.paragraphs) chars += p.length;
  return chars > OFF_THREAD_CHARS;
}

/**
 * `analyzeDocument` in the extractor's thread. Rejects when the extraction breaks a limit or
 * fails (`WorkerTaskError`), or when the thread cannot start.
 */
export async function analyzeDocumentOffThread(
  doc: CorpusDocument,
  limits: WorkerLimits = EXTRACTION_LIMITS,
): Promise<DocumentAnalysis> {
  const reply = await extractor.run(doc, limits);
  if (!reply.ok) throw new Error(`the quotations could not be extracted (${reply.message})`);
  return reply.analysis;
}

/** Ends the extractor's thread (it also ends by itself after 30 s idle). */
export function stopQuotationExtractor(): Promise<void> {
  return extractor.stop();
}
