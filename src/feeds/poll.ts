import type { CorpusDocument } from '../corpus/types.js';
import { Analyzer } from '../search/analyze.js';
import type { StateStore } from '../store/state-store.js';
import { matchesFilter } from '../search/filter.js';
import type { FeedConfig } from './config.js';
import { cleanText, htmlToParagraphs } from './extract.js';
import { fetchConditional, type FetchOptions } from './http.js';
import { ingestArticle } from './ingest.js';
import { parseFeedBytes, type FeedItem } from './parse.js';
import { normalizeUrl, type SavedDocument } from './save.js';

/** The part of a pino logger the feed code uses. */
export interface FeedLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface PollContext {
  store: StateStore;
  corpusDir: string;
  /** The search analyzer, so feed filters match like subscription filters. Default: no aliases. */
  analyzer?: Analyzer;
  now?: () => number;
  fetchOptions?: Pick<FetchOptions, 'timeoutMs' | 'userAgent' | 'maxBytes' | 'allowHosts' | 'lookup' | 'extraction'>;
  /** Delay before the next attempt after `failures` consecutive failures. Default 1 min doubling, ≤ 6 h. */
  backoffMs?: (failures: number) => number;
  /** Most new articles fetched per poll; the rest wait for the next poll. Default 20. */
  maxNewItemsPerPoll?: number;
  /** Failed attempts at one item's article before it is skipped (with its reason). Default 5. */
  maxItemAttempts?: number;
  log?: FeedLogger;
}

export type PollStatus = 'initialized' | 'not-modified' | 'updated' | 'failed';

export interface PollResult {
  url: string;
  name: string;
  status: PollStatus;
  /** Documents saved into the corpus by this poll (the corpus watcher announces them). */
  added: SavedDocument[];
  /** New items not added, and why (filtered out, duplicate, no text…). */
  skipped: { key: string; title?: string; reason: string }[];
  /** Items whose article could not be fetched this time; tried again next poll (`attempts` so far). */
  deferred: { key: string; title?: string; reason: string; attempts?: number }[];
  /** Entries the feed listed without an id, link or title (left out, and logged). */
  dropped?: number;
  /** For 'failed': what went wrong, and when the feed is tried again. */
  error?: string;
  nextAttemptAt?: number;
}

const MINUTE = 60_000;

export function defaultFeedBackoffMs(failures: number): number {
  return Math.min(MINUTE * 2 ** Math.max(0, failures - 1), 6 * 60 * MINUTE);
}

/** True when the feed should be polled at `now`: never polled, interval elapsed, or failing and its retry time reached. */
export async function isFeedDue(feed: FeedConfig, store: StateStore, now: number): Promise<boolean> {
  const state = await store.getFeedState(feed.url);
  if (!state || state.lastPolledAt === null) return true;
  if (state.failingSince !== null && state.nextAttemptAt !== null) return now >= state.nextAttemptAt;
  return now >= state.lastPolledAt + feed.intervalMinutes * MINUTE;
}

const defaultAnalyzer = new Analyzer();

/** An item counts as seen by its id or by its link, so a feed that changes its guids does not repost. */
function seenKeys(item: FeedItem): string[] {
  return item.link ? [item.key, `link:${normalizeUrl(item.link)}`] : [item.key];
}

function itemMatches(feed: FeedConfig, item: FeedItem, analyzer: Analyzer): boolean {
  if (feed.filter.length === 0) return true;
  const text = (html: string | undefined) => (html ? htmlToParagraphs(html).join('\n') || cleanText(html) : '');
  const pseudo: CorpusDocument = {
    id: `feed-item:${item.key}`,
    file: '',
    meta: { title: item.title ?? '', date: item.date ?? '', language: feed.language ?? 'en', partial: false },
    header: [],
    paragraphs: [text(item.summary), text(item.contentHtml)].filter(Boolean),
  };
  return feed.filter.some((filter) => matchesFilter(filter, pseudo, analyzer));
}

/**
 * Polls one feed once: conditional GET (ETag / Last-Modified), parse, and for each item not
 * seen before that passes the feed's filter, fetch the article and save it into the corpus.
 * The first successful poll of a feed only records what is there. Never throws: a failure is
 * recorded on the feed (error, since when, next attempt with backoff) and returned.
 */
export async function pollFeed(feed: FeedConfig, ctx: PollContext): Promise<PollResult> {
  const { store } = ctx;
  const now = (ctx.now ?? Date.now)();
  const result: PollResult = {
    url: feed.url,
    name: feed.name,
    status: 'updated',
    added: [],
    skipped: [],
    deferred: [],
  };
  const state = await store.getFeedState(feed.url);
  try {
    const response = await fetchConditional(feed.url, {
      ...ctx.fetchOptions,
      etag: state?.etag,
      lastModified: state?.lastModified,
      accept:
        'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    });
    const healthy = {
      lastPolledAt: now,
      lastOkAt: now,
      failingSince: null,
      lastError: null,
      failures: 0,
      nextAttemptAt: null,
    };
    if (response.status === 304) {
      await store.updateFeedState(feed.url, healthy);
      result.status = 'not-modified';
      return result;
    }
    const parsed = parseFeedBytes(response.bytes, response.contentType);
    if (parsed.dropped) {
      result.dropped = parsed.dropped;
      ctx.log?.warn(
        { feed: feed.url, dropped: parsed.dropped },
        'feed entries without an id, link or title were left out',
      );
    }
    const validators = { etag: response.etag ?? null, lastModified: response.lastModified ?? null };

    if (!state?.initialized) {
      await store.markItemsSeen(feed.url, parsed.items.flatMap(seenKeys), 'initial', now);
      await store.updateFeedState(feed.url, { ...healthy, ...validators, initialized: true });
      result.status = 'initialized';
      ctx.log?.info(
        { feed: feed.url, items: parsed.items.length },
        'feed initialized: existing items recorded, none announced',
      );
      return result;
    }

    const seen = await store.seenItemKeys(feed.url);
    // Feeds list newest first; add oldest first so the corpus grows in publication order.
    const fresh = parsed.items.filter((i) => !seenKeys(i).some((k) => seen.has(k))).reverse();
    const analyzer = ctx.analyzer ?? defaultAnalyzer;
    const budget = ctx.maxNewItemsPerPoll ?? 20;
    let fetched = 0;
    for (const item of fresh) {
      if (!itemMatches(feed, item, analyzer)) {
        await store.markItemsSeen(feed.url, seenKeys(item), 'filtered', now);
        result.skipped.push({ key: item.key, title: item.title, reason: 'does not match the feed filter' });
        continue;
      }
      if (!item.link) {
        await store.markItemsSeen(feed.url, seenKeys(item), 'skipped: the item has no link', now, item.title ?? null);
        result.skipped.push({ key: item.key, title: item.title, reason: 'the item has no link' });
        continue;
      }
      if (fetched >= budget) {
        result.deferred.push({ key: item.key, title: item.title, reason: 'too many new items in one poll' });
        continue;
      }
      fetched++;
      const outcome = await ingestArticle(
        item.link,
        ctx.corpusDir,
        {
          title: item.title,
          author: item.author,
          date: item.date,
          publisher: feed.publisher,
          fallbackPublisher: parsed.title,
          language: feed.language,
          contentHtml: item.contentHtml,
          notes: `added automatically from the feed "${feed.name}" (${feed.url}) on ${new Date(now).toISOString().slice(0, 10)}`,
        },
        ctx.fetchOptions,
      );
      if (outcome.ok) {
        // Seen and recorded for announcement in one transaction: a crash cannot leave one without the other.
        await store.recordFeedItemAdded(feed.url, seenKeys(item), outcome.document.id, now, item.title ?? null);
        result.added.push(outcome.document);
        ctx.log?.info(
          { feed: feed.url, document: outcome.document.id, source: outcome.source },
          'feed article added to the corpus',
        );
      } else if (outcome.code === 'duplicate') {
        await store.markItemsSeen(feed.url, seenKeys(item), `duplicate: ${outcome.reason}`, now, item.title ?? null);
        result.skipped.push({ key: item.key, title: item.title, reason: outcome.reason });
      } else if (outcome.transient) {
        const attempts = await store.recordFeedItemFailure(feed.url, item.key, item.title ?? null, outcome.reason, now);
        if (attempts >= (ctx.maxItemAttempts ?? 5)) {
          const reason = `gave up after ${attempts} attempts: ${outcome.reason}`;
          await store.markItemsSeen(feed.url, seenKeys(item), `skipped: ${reason}`, now, item.title ?? null);
          result.skipped.push({ key: item.key, title: item.title, reason });
        } else {
          result.deferred.push({ key: item.key, title: item.title, reason: outcome.reason, attempts });
        }
      } else {
        await store.markItemsSeen(feed.url, seenKeys(item), `skipped: ${outcome.reason}`, now, item.title ?? null);
        result.skipped.push({ key: item.key, title: item.title, reason: outcome.reason });
      }
    }
    // Keep the old validators while items wait for a retry, so the next poll gets the full feed, not 304.
    await store.updateFeedState(feed.url, result.deferred.length > 0 ? healthy : { ...healthy, ...validators });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failures = (state?.failures ?? 0) + 1;
    const nextAttemptAt = now + (ctx.backoffMs ?? defaultFeedBackoffMs)(failures);
    await store.updateFeedState(feed.url, {
      lastPolledAt: now,
      failingSince: state?.failingSince ?? now,
      lastError: message,
      failures,
      nextAttemptAt,
    });
    ctx.log?.warn(
      { feed: feed.url, error: message, failures, nextAttemptAt: new Date(nextAttemptAt).toISOString() },
      'feed poll failed',
    );
    return { ...result, status: 'failed', error: message, nextAttemptAt };
  }
}

/** Polls every due feed, one after another; one feed's failure never stops the others. */
export async function pollDueFeeds(feeds: FeedConfig[], ctx: PollContext): Promise<PollResult[]> {
  const results: PollResult[] = [];
  for (const feed of feeds) {
    try {
      if (!(await isFeedDue(feed, ctx.store, (ctx.now ?? Date.now)()))) continue;
      results.push(await pollFeed(feed, ctx));
    } catch (error) {
      // pollFeed records its own failures; this only guards against the store itself failing.
      const message = error instanceof Error ? error.message : String(error);
      ctx.log?.warn({ feed: feed.url, error: message }, 'feed poll crashed');
      results.push({
        url: feed.url,
        name: feed.name,
        status: 'failed',
        added: [],
        skipped: [],
        deferred: [],
        error: message,
      });
    }
  }
  return results;
}

export interface FeedPollerOptions {
  /** The feeds to poll; a function so a reloaded feeds.yml takes effect at the next tick. */
  feeds: FeedConfig[] | (() => FeedConfig[]);
  context: PollContext;
  /** How often to check which feeds are due. Default 60 s. */
  tickMs?: number;
  onResult?: (result: PollResult) => void;
}

/** Runs `pollDueFeeds` every tick (first tick at start) until stopped; ticks never overlap. */
export class FeedPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly options: FeedPollerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, this.options.tickMs ?? 60_000);
      });
    };
    loop();
  }

  async tick(): Promise<PollResult[]> {
    const feeds = typeof this.options.feeds === 'function' ? this.options.feeds() : this.options.feeds;
    const results = await pollDueFeeds(feeds, this.options.context);
    for (const r of results) {
      try {
        this.options.onResult?.(r);
      } catch {
        // a listener's bug must not stop polling
      }
    }
    return results;
  }

  /** Stops polling and waits for a poll in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
