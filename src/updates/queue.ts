import { createHash } from 'node:crypto';
import type { CorpusDocument } from '../corpus/types.js';
import type { Analyzer } from '../search/analyze.js';
import { targetKey, type Announcement, type Subscription } from '../store/store.js';
import type { StateStore } from '../store/state-store.js';
import { matchesFilter } from '../search/filter.js';
import { summarizeDocument, type UpdateQuote } from './post.js';
import type { NonEmpty } from '../lists.js';

/** The quotations an update post shows for a document (may wait for the quote book). */
export type QuotesFor = (doc: CorpusDocument) => UpdateQuote[] | Promise<UpdateQuote[]>;

export interface QueueOptions {
  now?: number;
  /** Quotations to show for a document (e.g. `extractQuotes` from src/quotes); none by default. */
  quotesFor?: QuotesFor;
}

export interface QueuedDelivery {
  subscriptionId: number;
  documentId: string;
}

/** A document's content as the ledger remembers it: what it says, not where its bytes sit. */
export function contentHash(doc: CorpusDocument): string {
  const { title, date, url } = doc.meta;
  return createHash('sha256')
    .update(JSON.stringify([title, date, url ?? null, doc.header, doc.paragraphs]))
    .digest('hex')
    .slice(0, 32);
}

/** Documents the ledger has not announced yet: absent from it, or recorded as pending (a feed, /corpus add). */
export async function unannounced(store: StateStore, docs: CorpusDocument[]): Promise<CorpusDocument[]> {
  const ledger = await store.announcements();
  return docs.filter((doc) => isUnannounced(ledger.get(doc.id)));
}

const isUnannounced = (entry: Announcement | undefined) => !entry || entry.state === 'pending';

/** Content hash → a document id the ledger has with that content, announced or known from the first start. */
function announcedContent(ledger: ReadonlyMap<string, Announcement>): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of ledger.values())
    if (entry.contentHash && !isUnannounced(entry)) out.set(entry.contentHash, entry.documentId);
  return out;
}

/**
 * Announces documents new to the ledger: for each, in ONE transaction, records it as announced
 * and queues one delivery per destination (channel or DM) that at least one enabled subscription
 * matches — the delivery carries the roles and filters of every matching subscription there, so
 * two subscriptions in a channel make one post. A document the ledger already knows (announced,
 * or present at the first start) queues nothing, so calling this again (a re-saved file, a
 * restart, a reconcile) never doubles a post — and neither does another process or machine sharing
 * the database: the ledger row is claimed first, and only the claimer queues (`announceDocument`).
 */
export async function queueUpdates(
  store: StateStore,
  docs: CorpusDocument[],
  analyzer: Analyzer,
  options: QueueOptions = {},
): Promise<QueuedDelivery[]> {
  const now = options.now ?? Date.now();
  const ledger = await store.announcements();
  await refreshChanged(store, docs, ledger, options);
  const fresh = docs.filter((doc) => isUnannounced(ledger.get(doc.id)));
  if (fresh.length === 0) return [];
  const subscriptions = await store.listSubscriptions({ enabled: true });
  const queued: QueuedDelivery[] = [];
  const announcedAs = announcedContent(ledger);
  for (const doc of fresh) {
    const hash = contentHash(doc);
    const same = announcedAs.get(hash);
    // A renamed or copied file says what a document already known says: recorded, not posted again.
    if (same !== undefined && same !== doc.id) {
      await store.announceDocument(doc.id, hash, now, undefined, []);
      continue;
    }
    announcedAs.set(hash, doc.id);
    const matching = subscriptions.filter((sub) => matchesFilter(sub.filter, doc, analyzer));
    // Quote extraction runs outside the transaction; it may be slow and must not hold the write lock.
    const summary = matching.length > 0 ? summarizeDocument(doc, await safeQuotes(options.quotesFor, doc)) : undefined;
    const destinations = byDestination(matching).map((group) => ({
      subscriptionId: group[0].id,
      mentionRoles: [...new Set(group.flatMap((s) => (s.kind === 'channel' && s.roleId ? [s.roleId] : [])))],
      filters: [...new Set(group.map((s) => s.filter))],
    }));
    const result = await store.announceDocument(doc.id, hash, now, summary, destinations);
    for (const subscriptionId of result.queued) queued.push({ subscriptionId, documentId: doc.id });
  }
  return queued;
}

export interface ReconcileResult {
  /** True when this was the first start of the data folder: the corpus was recorded, nothing announced. */
  baseline: boolean;
  /** Documents recorded in the ledger by this run. */
  recorded: string[];
  queued: QueuedDelivery[];
}

/**
 * Brings the ledger in line with the indexed corpus: on a brand-new data folder records every
 * document as known (announcing nothing); otherwise announces every document the ledger has not
 * (written while the bot was stopped, fixed after a failure, saved just before a crash, missed
 * while the database was locked) and notes the new content hash of changed ones.
 */
export async function reconcileCorpus(
  store: StateStore,
  docs: CorpusDocument[],
  analyzer: Analyzer,
  options: QueueOptions = {},
): Promise<ReconcileResult> {
  if (!(await store.hasBaseline())) {
    await store.recordBaseline(
      docs.map((doc) => ({ id: doc.id, hash: contentHash(doc) })),
      options.now,
    );
    return { baseline: true, recorded: docs.map((d) => d.id), queued: [] };
  }
  const fresh = await unannounced(store, docs);
  // queueUpdates announces the unannounced ones and refreshes the changed ones among them all.
  const queued = await queueUpdates(store, docs, analyzer, options);
  return { baseline: false, recorded: fresh.map((d) => d.id), queued };
}

/**
 * Announced documents whose content changed since: the ledger notes the new hash (they are not
 * announced again), and a post about one that is still queued will show the text it has now, not
 * the text it had when it was queued — an update post never quotes what the source no longer says.
 */
async function refreshChanged(
  store: StateStore,
  docs: CorpusDocument[],
  ledger: ReadonlyMap<string, Announcement>,
  options: QueueOptions,
): Promise<void> {
  for (const doc of docs) {
    const entry = ledger.get(doc.id);
    const hash = contentHash(doc);
    if (!entry || isUnannounced(entry) || entry.contentHash === hash) continue;
    if (await store.getUpdateDocument(doc.id))
      await store.refreshUpdateDocument(doc.id, summarizeDocument(doc, await safeQuotes(options.quotesFor, doc)));
    await store.recordContentHash(doc.id, hash);
  }
}

/** Subscriptions grouped by where they post, lowest id first in each group. */
function byDestination(subs: Subscription[]): NonEmpty<Subscription>[] {
  const groups = new Map<string, NonEmpty<Subscription>>();
  for (const sub of [...subs].sort((a, b) => a.id - b.id)) {
    const key = targetKey(sub);
    const group = groups.get(key);
    if (group) group.push(sub);
    else groups.set(key, [sub]);
  }
  return [...groups.values()];
}

async function safeQuotes(quotesFor: QueueOptions['quotesFor'], doc: CorpusDocument): Promise<UpdateQuote[]> {
  if (!quotesFor) return [];
  try {
    return await quotesFor(doc);
  } catch {
    return []; // a post without quotations beats no post
  }
}
