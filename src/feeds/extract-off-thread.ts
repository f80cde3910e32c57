/**
 * Article extraction off the main thread: jsdom and Readability run in one worker thread with a
 * memory cap, and a page that takes too long gets its worker terminated. The bot keeps answering
 * meanwhile; a page that times out, runs out of memory or breaks the document limits becomes an
 * `UnreadablePageError` (permanent). Pages are read one at a time; the worker is reused and ends
 * after a while idle.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_DOCUMENT_LIMITS, UnreadablePageError, type DocumentLimits, type ExtractedArticle } from './extract.js';

export interface PageReadingLimits extends DocumentLimits {
  /** Longest a page may take to read. */
  timeoutMs: number;
  /** The worker's heap (V8 old generation) in MB. */
  memoryMb: number;
}

export const DEFAULT_PAGE_READING_LIMITS: PageReadingLimits = {
  ...DEFAULT_DOCUMENT_LIMITS,
  timeoutMs: 20_000,
  memoryMb: 512,
};

/** A worker idle this long ends (jsdom's heap is freed); the next page starts a new one. */
const IDLE_MS = 30_000;

/** Message to the worker. */
export interface ReadTask {
  bytes: Uint8Array;
  url: string;
  contentType?: string;
  limits: DocumentLimits;
}

/** The worker's answer. */
export type ReadReply = { ok: true; article: ExtractedArticle | null } | { ok: false; message: string };

/**
 * The worker, from compiled JavaScript (`npm start`: dist/…/extract-worker.js) or, when this
 * module itself runs as TypeScript (tsx, vitest), from the .ts source through tsx's loader —
 * a worker thread does not inherit the parent's loader.
 */
function spawnWorker(memoryMb: number): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb >> 3)),
  };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./extract-worker.js', import.meta.url), { resourceLimits });
  const entry = new URL('./extract-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

class PageReader {
  private worker: Worker | undefined;
  private workerMemoryMb = 0;
  private ready: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  read(task: Omit<ReadTask, 'limits'>, limits: PageReadingLimits): Promise<ExtractedArticle | null> {
    const result = this.queue.then(() => this.readNow(task, limits));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker now (tests, shutdown). */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.forget();
    await worker?.terminate();
  }

  private forget(): void {
    this.worker = undefined;
    this.ready = undefined;
  }

  /** The running worker, or a new one once it has loaded its modules. */
  private start(memoryMb: number): Promise<Worker> {
    if (this.ready && this.workerMemoryMb === memoryMb) return this.ready;
    void this.worker?.terminate();
    const worker = spawnWorker(memoryMb);
    this.worker = worker;
    this.workerMemoryMb = memoryMb;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const failed = (error: Error) => {
        if (this.worker === worker) this.forget();
        reject(new Error(`the page reader could not start: ${error.message}`));
      };
      const exited = (code: number) => failed(new Error(`exit code ${code}`));
      worker.once('message', () => {
        worker.off('error', failed).off('exit', exited);
        resolve(worker);
      });
      worker.once('error', failed).once('exit', exited);
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private async readNow(task: Omit<ReadTask, 'limits'>, limits: PageReadingLimits): Promise<ExtractedArticle | null> {
    clearTimeout(this.idleTimer);
    const worker = await this.start(limits.memoryMb);
    worker.ref();
    try {
      return await new Promise<ExtractedArticle | null>((resolve, reject) => {
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          outcome();
        };
        const kill = (message: string) => {
          if (this.worker === worker) this.forget();
          void worker.terminate();
          settle(() => reject(new UnreadablePageError(message)));
        };
        const onMessage = (reply: ReadReply) =>
          settle(() => (reply.ok ? resolve(reply.article) : reject(new UnreadablePageError(reply.message))));
        const onError = (error: Error & { code?: string }) =>
          kill(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `reading the page needed more than ${limits.memoryMb} MB of memory`
              : `the page could not be read (${error.message})`,
          );
        const onExit = (code: number) => kill(`the page reader stopped while reading the page (exit code ${code})`);
        const timer = setTimeout(
          () => kill(`reading the page took longer than ${limits.timeoutMs / 1000} s`),
          limits.timeoutMs,
        );
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        const { timeoutMs: _t, memoryMb: _m, ...documentLimits } = limits;
        worker.postMessage({ ...task, limits: documentLimits } satisfies ReadTask);
      });
    } finally {
      if (this.worker === worker) {
        worker.unref(); // an idle reader never keeps the process alive
        this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS).unref();
      }
    }
  }
}

const reader = new PageReader();

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
  return reader.read({ bytes, url, contentType }, { ...DEFAULT_PAGE_READING_LIMITS, ...limits });
}

/** Ends the page-reader thread (it also ends by itself after 30 s idle). */
export function stopPageReader(): Promise<void> {
  return reader.stop();
}
