/**
 * The page reader's thread: runs `extractArticle` (jsdom + Readability) for
 * `extractArticleOffThread`, one page at a time, so a slow or hostile page never blocks the bot.
 */
import { parentPort } from 'node:worker_threads';
import { extractArticle, UnreadablePageError } from './extract.js';
import type { ReadTask, ReadReply } from './extract-off-thread.js';
import { loadJsdom } from './load-jsdom.js';

const port = parentPort;
if (!port) throw new Error('extract-worker.ts runs only as a worker thread');
// This thread exists to read pages: load jsdom before saying it is ready, so a page's time limit
// counts reading the page, not loading the library.
loadJsdom();

port.on('message', (task: ReadTask) => {
  let reply: ReadReply;
  try {
    reply = { ok: true, article: extractArticle(task.bytes, task.url, task.contentType, task.limits) };
  } catch (error) {
    // Anything the page provokes (a stack overflow, Readability giving up) is the page's fault.
    const message =
      error instanceof UnreadablePageError
        ? error.message
        : `the page could not be read (${(error as Error)?.message ?? String(error)})`;
    reply = { ok: false, message };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
