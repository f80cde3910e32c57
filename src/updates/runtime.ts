import { watchCorpus, type CorpusWatcher } from '../corpus/watch-corpus.js';
import type { CorpusDocument, CorpusProblem } from '../corpus/types.js';
import { FEEDS_FILE, loadFeedsConfig, type FeedConfig, type FeedConfigProblem } from '../feeds/config.js';
import { FeedPoller, type FeedLogger, type PollContext, type PollResult } from '../feeds/poll.js';
import type { Analyzer } from '../search/analyze.js';
import type { Store } from '../store/store.js';
import { deliverPending, type DeliveryReport, type UpdateSender } from './deliver.js';
import type { UpdateQuote } from './post.js';
import { queueUpdates } from './queue.js';

/** The part of `PactIndex` the updates runtime needs (PactIndex satisfies it). */
export interface UpdatableIndex {
  readonly analyzer: Analyzer;
  addOrReplaceDocument(doc: CorpusDocument): void;
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
  store: Store;
  index: UpdatableIndex;
  sender: UpdateSender;
  /** Quotations for update posts, e.g. `extractQuotes` from src/quotes. */
  quotesFor?: (doc: CorpusDocument) => UpdateQuote[];
  log?: UpdatesLogger;
  /** How feeds and their articles are fetched (FETCH_ALLOW_HOSTS, timeouts). */
  fetchOptions?: PollContext['fetchOptions'];
  /** Default 6. */
  maxPostsPerChannelPerHour?: number;
  /** How often pending deliveries are retried. Default 30 s. */
  deliveryIntervalMs?: number;
  /** After a new document, wait this long for more before sending (bursts become one digest). Default 5 s. */
  burstDelayMs?: number;
  /** How often feeds are checked for being due. Default 60 s; 0 disables feeds. */
  feedTickMs?: number;
  /** Watcher settling time. Default 500 ms. */
  stabilityMs?: number;
  usePolling?: boolean;
  /** Announce edits of existing documents too (default false: only new documents). */
  announceChanged?: boolean;
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

  const deliverNow = async (): Promise<DeliveryReport | undefined> => {
    if (delivering) await delivering.catch(() => undefined);
    if (stopped) return undefined;
    delivering = deliverPending({ store, sender, maxPostsPerChannelPerHour: options.maxPostsPerChannelPerHour })
      .then((report) => {
        for (const f of report.failed) log?.error({ ...f }, 'update delivery failed');
        for (const d of report.disabled) log?.warn({ ...d }, 'subscription disabled');
        options.onDeliveryReport?.(report);
        return report;
      })
      .catch((error) => {
        log?.error({ error: (error as Error).message }, 'delivery worker crashed; will retry');
        return undefined;
      })
      .finally(() => {
        delivering = undefined;
      });
    return delivering;
  };

  const deliverSoon = () => {
    if (burstTimer || stopped) return;
    burstTimer = setTimeout(() => {
      burstTimer = undefined;
      void deliverNow();
    }, options.burstDelayMs ?? 5000);
  };

  const watcher: CorpusWatcher = watchCorpus(options.corpusDir, {
    known: index.documents(),
    stabilityMs: options.stabilityMs,
    usePolling: options.usePolling,
    onDocument: (doc, kind) => {
      index.addOrReplaceDocument(doc);
      log?.info({ document: doc.id, kind }, 'corpus document loaded');
      if (kind === 'added' || options.announceChanged) {
        const queued = queueUpdates(store, [doc], index.analyzer, { quotesFor: options.quotesFor });
        if (queued.length > 0) deliverSoon();
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
    onError: (error, file) => log?.error({ error: (error as Error)?.message ?? String(error), file }, 'corpus watcher error'),
  });
  await watcher.ready;

  const poller = new FeedPoller({
    feeds: () => feedConfig.feeds,
    context: { store, corpusDir: options.corpusDir, analyzer: index.analyzer, log, fetchOptions: options.fetchOptions },
    tickMs: options.feedTickMs || 60_000,
    onResult: options.onFeedResult,
  });
  if (options.feedTickMs !== 0) poller.start();

  const deliveryTimer = setInterval(() => void deliverNow(), options.deliveryIntervalMs ?? 30_000);
  deliveryTimer.unref();
  // Whatever was left pending by a previous run goes out now.
  void deliverNow();

  return {
    deliverNow,
    pollFeedsNow: () => poller.tick(),
    feeds: () => feedConfig,
    stop: async () => {
      stopped = true;
      clearInterval(deliveryTimer);
      if (burstTimer) clearTimeout(burstTimer);
      await poller.stop();
      await watcher.close();
      await delivering?.catch(() => undefined);
    },
  };
}
