import { watchCorpus, type CorpusWatcher } from '../corpus/watch-corpus.js';
import type { CorpusDocument, CorpusProblem } from '../corpus/types.js';
import { FEEDS_FILE, loadFeedsConfig, type FeedConfig, type FeedConfigProblem } from '../feeds/config.js';
import { FeedPoller, type FeedLogger, type PollContext, type PollResult } from '../feeds/poll.js';
import type { Analyzer } from '../search/analyze.js';
import type { ShardScope, StateStore } from '../store/state-store.js';
import { deliverPending, type DeliveryReport, type UpdateSender } from './deliver.js';
import { queueUpdates, reconcileCorpus, type QuotesFor } from './queue.js';
import { defaultOf } from '../config.js';

/** The part of `PactIndex` the updates runtime needs (PactIndex satisfies it). */
export interface UpdatableIndex {
  readonly analyzer: Analyzer;
  addOrReplaceDocument(doc: CorpusDocument): void | Promise<void>;
  removeDocument(id: string): void;
  reportProblems(problems: CorpusProblem[]): void;
  documents(): CorpusDocument[];
}

/** The part of a pino logger used here (the feed poller gets the same logger). */
export interface UpdatesLogger extends FeedLogger {
  error(obj: object, msg?: string): void;
}

export interface UpdatesRuntimeOptions {
  corpusDir: string;
  store: StateStore;
  /** Deliver update posts only for this shard's guilds (and any DM). Default: all. */
  shard?: ShardScope;
  /** How long a delivery claim holds before another process may take it over. Default 2 min. */
  deliveryLeaseMs?: number;
  index: UpdatableIndex;
  sender: UpdateSender;
  /** Quotations for update posts, e.g. `extractQuotes` from src/quotes. */
  quotesFor?: QuotesFor;
  log?: UpdatesLogger;
  /** How feeds and their articles are fetched (FETCH_ALLOW_HOSTS, timeouts). */
  fetchOptions?: PollContext['fetchOptions'];
  /** Default 6. */
  maxPostsPerChannelPerHour?: number;
  /** How often pending deliveries are looked for (DELIVERY_INTERVAL_SECONDS). */
  deliveryIntervalMs?: number;
  /** After a new document, wait this long for more before sending (bursts become one digest). Default 5 s. */
  burstDelayMs?: number;
  /** How often feeds are checked for being due. Default 60 s; 0 disables feeds. */
  feedTickMs?: number;
  /** Failed attempts at one feed item's article before it is skipped with its reason. Default 5. */
  maxFeedItemAttempts?: number;
  /** Watcher settling time. Default 500 ms. */
  stabilityMs?: number;
  usePolling?: boolean;
  /** After a database error (a lock held by another process…), the ledger is reconciled again this much later. Default 2 s. */
  retryMs?: number;
  onDeliveryReport?: (report: DeliveryReport) => void;
  onFeedResult?: (result: PollResult) => void;
}

export interface UpdatesRuntime {
  /** Runs the delivery worker now (and waits for it). */
  deliverNow(): Promise<DeliveryReport | undefined>;
  /** Polls due feeds now. */
  pollFeedsNow(): Promise<PollResult[]>;
  /** Current feeds (reloaded when feeds.yml changes) and their config problems. */
  feeds(): { feeds: FeedConfig[]; problems: FeedConfigProblem[] };
  /**
   * Resolves once nothing is in flight: no corpus file being handled, no burst waiting to be sent,
   * no delivery run going. Tests wait on it to show that nothing more arrives.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires the Discord-free update pipeline: corpus watcher → index + queue → delivery worker,
 * and feed poller → corpus folder (→ watcher). The Discord layer passes a `sender`.
 */
export async function startUpdates(options: UpdatesRuntimeOptions): Promise<UpdatesRuntime> {
  const { store, index, sender, log } = options;
  let feedConfig = await loadFeedsConfig(options.corpusDir);
  for (const p of feedConfig.problems) log?.warn({ ...p }, 'feeds.yml problem');

  let stopped = false;
  let delivering: Promise<DeliveryReport | undefined> | undefined;
  let burstTimer: NodeJS.Timeout | undefined;
  /** Resolves when the pending burst timer has fired (and its delivery run has started). */
  let burstFired: Promise<void> | undefined;
  /** Delivery runs started and not yet finished (for `idle`). */
  const runs = new Set<Promise<unknown>>();
  let retryTimer: NodeJS.Timeout | undefined;
  let takeoverTimer: NodeJS.Timeout | undefined;
  let fileProblemLogged = false;
  const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const deliverNow = (): Promise<DeliveryReport | undefined> => {
    const run = deliverOnce();
    runs.add(run);
    void run.finally(() => runs.delete(run));
    return run;
  };

  const deliverOnce = async (): Promise<DeliveryReport | undefined> => {
    if (delivering) await delivering.catch(() => undefined);
    if (stopped) return undefined;
    delivering = deliverPending({
      store,
      sender,
      maxPostsPerChannelPerHour: options.maxPostsPerChannelPerHour,
      shard: options.shard,
      leaseMs: options.deliveryLeaseMs,
    })
      .then(async (report) => {
        for (const f of report.failed) log?.error({ ...f }, 'update delivery failed');
        for (const d of report.disabled) log?.warn({ ...d }, 'subscription disabled');
        options.onDeliveryReport?.(report);
        // A long burst goes out as several digests: the next one follows without waiting for the tick.
        if (report.sent.length > 0 && (await store.targetsWithDueDeliveries(Date.now())).length > 0) deliverSoon();
        await takeOverWhenLeaseEnds();
        return report;
      })
      .catch((error) => {
        log?.error({ error: errorText(error) }, 'delivery run failed; pending posts stay queued and are retried');
        return undefined;
      })
      .finally(() => {
        delivering = undefined;
      });
    return delivering;
  };

  /**
   * Posts another process holds (it may have died mid-delivery) are taken over as soon as its
   * lease runs out, not at the next delivery tick.
   */
  const takeOverWhenLeaseEnds = async () => {
    const now = Date.now();
    const expiry = await store.nextLeaseExpiry(now);
    if (expiry === null || takeoverTimer || stopped) return;
    takeoverTimer = setTimeout(
      () => {
        takeoverTimer = undefined;
        void deliverNow();
      },
      expiry - now + 50,
    );
    takeoverTimer.unref();
  };

  const deliverSoon = () => {
    if (burstTimer || stopped) return;
    burstFired = new Promise((resolve) => {
      burstTimer = setTimeout(() => {
        burstTimer = undefined;
        burstFired = undefined;
        void deliverNow();
        resolve();
      }, options.burstDelayMs ?? 5000);
    });
  };

  /**
   * Ledger against index: whatever is indexed but was never announced gets queued now. Runs at
   * start-up, on every delivery tick, and again shortly after any failure to record a document,
   * so a document is never indexed-but-forgotten.
   */
  const reconcile = async (): Promise<boolean> => {
    if (stopped) return true;
    try {
      const result = await reconcileCorpus(store, index.documents(), index.analyzer, { quotesFor: options.quotesFor });
      if (result.baseline) {
        log?.info(
          { documents: result.recorded.length },
          'first start of this data folder: the corpus already there is recorded as known, nothing announced',
        );
      } else if (result.recorded.length > 0) {
        log?.info(
          { documents: result.recorded, queued: result.queued.length },
          'documents not announced before were queued',
        );
      }
      if (result.queued.length > 0) deliverSoon();
      return true;
    } catch (error) {
      log?.error(
        { error: errorText(error), retryInMs: options.retryMs ?? 2000 },
        'could not record new documents for announcement; will retry',
      );
      reconcileSoon();
      return false;
    }
  };

  const reconcileSoon = () => {
    if (retryTimer || stopped) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void reconcile();
    }, options.retryMs ?? 2000);
    retryTimer.unref();
  };

  /** A deleted or replaced database file is an error worth shouting about once. */
  const checkDatabaseFile = () => {
    const problem = store.fileProblem();
    if (problem && !fileProblemLogged)
      log?.error({ problem }, 'database file missing: changes are refused until the bot is restarted with its data');
    fileProblemLogged = Boolean(problem);
  };

  await reconcile();

  const watcher: CorpusWatcher = watchCorpus(options.corpusDir, {
    known: index.documents(),
    stabilityMs: options.stabilityMs,
    usePolling: options.usePolling,
    onDocument: async (doc, kind) => {
      await index.addOrReplaceDocument(doc);
      log?.info({ document: doc.id, kind }, 'corpus document loaded');
      // The ledger, not the file event, decides: a file first refused, then fixed, is still new.
      try {
        const queued = await queueUpdates(store, [doc], index.analyzer, { quotesFor: options.quotesFor });
        if (queued.length > 0) deliverSoon();
      } catch (error) {
        log?.error(
          { document: doc.id, error: errorText(error), retryInMs: options.retryMs ?? 2000 },
          'could not record the document for announcement; will retry',
        );
        reconcileSoon();
      }
    },
    onProblem: (problem) => {
      index.reportProblems([problem]);
      log?.warn({ ...problem }, 'corpus file not loaded');
    },
    onRemoved: (id) => {
      index.removeDocument(id);
      log?.info({ document: id }, 'corpus document removed');
    },
    onConfigChanged: async (name) => {
      if (name === FEEDS_FILE) {
        feedConfig = await loadFeedsConfig(options.corpusDir);
        log?.info({ feeds: feedConfig.feeds.length, problems: feedConfig.problems }, 'feeds.yml reloaded');
      } else {
        log?.warn({ file: name }, 'aliases.yml changed: restart the bot to apply new aliases');
      }
    },
    onError: (error, file) =>
      log?.error({ error: (error as Error)?.message ?? String(error), file }, 'corpus watcher error'),
  });
  await watcher.ready;
  // Files written between loading the index and the watcher starting are indexed now.
  await reconcile();

  const poller = new FeedPoller({
    feeds: () => feedConfig.feeds,
    context: {
      store,
      corpusDir: options.corpusDir,
      analyzer: index.analyzer,
      log,
      maxItemAttempts: options.maxFeedItemAttempts,
      fetchOptions: options.fetchOptions,
    },
    tickMs: options.feedTickMs || 60_000,
    onResult: (result) => {
      logFeedResult(result, log);
      options.onFeedResult?.(result);
    },
  });
  if (options.feedTickMs !== 0) poller.start();

  const deliveryTimer = setInterval(
    () => {
      checkDatabaseFile();
      void reconcile().then(() => deliverNow());
    },
    options.deliveryIntervalMs ?? defaultOf('DELIVERY_INTERVAL_SECONDS') * 1000,
  );
  deliveryTimer.unref();
  // Whatever was left pending by a previous run goes out now.
  void deliverNow();

  return {
    deliverNow,
    pollFeedsNow: () => poller.tick(),
    feeds: () => feedConfig,
    idle: async () => {
      for (;;) {
        await watcher.idle();
        if (runs.size > 0) await Promise.allSettled([...runs]);
        else if (burstFired && !stopped) await burstFired;
        else return;
      }
    },
    stop: async () => {
      stopped = true;
      clearInterval(deliveryTimer);
      if (burstTimer) clearTimeout(burstTimer);
      if (retryTimer) clearTimeout(retryTimer);
      if (takeoverTimer) clearTimeout(takeoverTimer);
      await poller.stop();
      await watcher.close();
      await delivering?.catch(() => undefined);
    },
  };
}

/** Every feed item that was not added says so in the log, with its reason. */
function logFeedResult(result: PollResult, log: UpdatesLogger | undefined): void {
  for (const item of result.deferred)
    log?.warn(
      { feed: result.url, item: item.key, title: item.title, reason: item.reason },
      'feed item not added yet; will retry',
    );
  for (const item of result.skipped)
    log?.warn({ feed: result.url, item: item.key, title: item.title, reason: item.reason }, 'feed item skipped');
}
