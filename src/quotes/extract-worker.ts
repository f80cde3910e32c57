/**
 * The quotation extractor's thread: runs `analyzeDocument` for `analyzeDocumentOffThread`, one
 * document at a time, so a large document added to a running bot never blocks it.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from './extract.js';
import type { AnalyzeReply } from './extract-off-thread.js';
import type { CorpusDocument } from '../corpus/types.js';

const port = parentPort;
if (!port) throw new Error('extract-worker.ts runs only as a worker thread');

port.on('message', (doc: CorpusDocument) => {
  let reply: AnalyzeReply;
  try {
    reply = { ok: true, analysis: analyzeDocument(doc) };
  } catch (error) {
    reply = { ok: false, message: (error as Error)?.message ?? String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
