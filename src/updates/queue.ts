import type { CorpusDocument } from '../corpus/types.js';
import type { Analyzer } from '../search/analyze.js';
import type { Store } from '../store/store.js';
import { matchesFilter } from './filter.js';
import { summarizeDocument, type UpdateQuote } from './post.js';

export interface QueueOptions {
  now?: number;
  /** Quotations to show for a document (e.g. `extractQuotes` from src/quotes); none by default. */
  quotesFor?: (doc: CorpusDocument) => UpdateQuote[];
}

export interface QueuedDelivery {
  subscriptionId: number;
  documentId: string;
}

/**
 * Queues a pending delivery for every enabled subscription whose filter matches each document.
 * Idempotent: a (subscription, document) pair is queued at most once, ever — calling this again
 * for the same documents (a re-saved file, a restart) queues nothing new. Call it for documents
 * that are new to the corpus, not for the whole corpus at start-up.
 */
export function queueUpdates(
  store: Store,
  docs: CorpusDocument[],
  analyzer: Analyzer,
  options: QueueOptions = {},
): QueuedDelivery[] {
  const now = options.now ?? Date.now();
  const subscriptions = store.listSubscriptions({ enabled: true });
  const queued: QueuedDelivery[] = [];
  // Quote extraction runs outside the transaction; it may be slow and must not hold the write lock.
  const matches = docs.map((doc) => ({
    doc,
    subs: subscriptions.filter((sub) => matchesFilter(sub.filter, doc, analyzer)),
  }));
  const summaries = new Map(
    matches
      .filter((m) => m.subs.length > 0)
      .map((m) => [m.doc.id, summarizeDocument(m.doc, safeQuotes(options.quotesFor, m.doc))] as const),
  );
  store.db.transaction(() => {
    for (const { doc, subs } of matches) {
      if (subs.length === 0) continue;
      store.saveUpdateDocument(doc.id, summaries.get(doc.id), now);
      for (const sub of subs) {
        if (store.queueDelivery(sub.id, doc.id, now)) queued.push({ subscriptionId: sub.id, documentId: doc.id });
      }
    }
  })();
  return queued;
}

function safeQuotes(quotesFor: QueueOptions['quotesFor'], doc: CorpusDocument): UpdateQuote[] {
  if (!quotesFor) return [];
  try {
    return quotesFor(doc);
  } catch {
    return []; // a post without quotations beats no post
  }
}
