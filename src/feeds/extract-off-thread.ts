/**
 * Article extraction off the main thread: jsdom and Readability run in one worker thread with a
 * memory cap, and a page that takes too long gets its worker terminated. The bot keeps answering
 * meanwhile; a page that times out, runs out of memory or breaks the document limits becomes an
 * `UnreadablePageError` (permanent). Pages are read one at a time; the worker is reused and ends
 * after a while idle.
 */
import { WorkerThread, WorkerTaskError, type WorkerLimits } from '../worker-thread.js';
import { DEFAULT_DOCUMENT_LIMITS, UnreadablePageError, type DocumentLimits, type ExtractedArticle } from './extract.js';

/** The page's document limits, and the worker's: `timeoutMs` the longest a page may take to read. */
export interface PageReadingLimits extends DocumentLimits, WorkerLimits {}

export const DEFAULT_PAGE_READING_LIMITS: PageReadingLimits = {
  ...DEFAULT_DOCUMENT_LIMITS,
  timeoutMs: 20_000,
  memoryMb: 512,
};

/** Message to the worker. */
export interface ReadTask {
  bytes: Uint8Array;
  url: string;
  contentType?: string;
  limits: DocumentLimits;
}

/** The worker's answer. */
export type ReadReply = { ok: true; article: ExtractedArticle | null } | { ok: false; message: string };

const reader = new WorkerThread<ReadTask, ReadReply>(
  { base: import.meta.url, name: 'extract-worker' },
  { name: 'the page reader', doing: 'reading the page', failed: 'the page could not be read' },
);

async function readPage(task: Omit<ReadTask, 'limits'>, limits: PageReadingLimits): Promise<ExtractedArticle | null> {
  const { timeoutMs, memoryMb, ...documentLimits } = limits;
  let reply: ReadReply;
  try {
    reply = await reader.run({ ...task, limits: documentLimits }, { timeoutMs, memoryMb });
  } catch (error) {
    throw error instanceof WorkerTaskError ? new UnreadablePageError(error.message) : error;
  }
  if (!reply.ok) throw new UnreadablePageError(reply.message);
  return reply.article;
}

/**
 * `extractArticle` in the page-reader thread, within `limits` (defaults: 20 s, 512 MB, and the
 * document limits). Rejects with `UnreadablePageError` when the page is refused or abandoned, or
 * with a plain `Error` when the reader itself cannot start (not the page's fault: try again).
 */
export function extractArticleOffThread(
  bytes: Uint8Array,
  url: string,
  contentType?: string,
  limits: Partial<PageReadingLimits> = {},
): Promise<ExtractedArticle | null> {
  return readPage({ bytes, url, contentType }, { ...DEFAULT_PAGE_READING_LIMITS, ...limits });
}

/** Ends the page-reader thread (it also ends by itself after 30 s idle). */
export function stopPageReader(): Promise<void> {
  return reader.stop();
}
