import type {
  Announcement,
  Delivery,
  DeliveryState,
  FeedItemFailure,
  FeedState,
  NewSubscription,
  SkippedFeedItem,
  Subscription,
  SubscriptionKind,
} from './store.js';

/** A value now (SQLite answers synchronously) or later (PostgreSQL): callers always `await`. */
export type Awaitable<T> = T | Promise<T>;

/** One destination a new document is queued for: the lowest-numbered matching subscription carries it. */
export interface QueuedDestination {
  subscriptionId: number;
  mentionRoles: string[];
  filters: string[];
}

/** Which deliveries one process may claim: the shard's guilds (by Discord's rule) and any DM. */
export interface ShardScope {
  id: number;
  count: number;
}

export interface ClaimOptions {
  /** Who claims (one id per process): written into `claimed_by`. */
  worker: string;
  now: number;
  /** How long the claim holds; a claim whose worker died is taken over after this. */
  leaseMs: number;
  /** Only channel deliveries of guilds on this shard (`(guild_id >> 22) % count === id`); DMs are claimed by any. */
  shard?: ShardScope;
  /** Most deliveries claimed at once. */
  limit?: number;
}

/**
 * The bot's shared state, as every caller sees it: subscriptions, the announcement ledger, the
 * delivery outbox with its leases, feed state and the post log. Two implementations: `Store`
 * (SQLite, one machine, the default) and `PgStore` (PostgreSQL, shared by several processes or
 * machines). Each method is one transaction: the compound ones (`announceDocument`,
 * `recordFeedItemAdded`, `claimDueDeliveries`, `markSent`) are atomic in both.
 */
/** Which subscriptions `listSubscriptions` returns: those matching every given field. */
export interface SubscriptionFilter {
  guildId?: string;
  channelId?: string;
  userId?: string;
  createdBy?: string;
  kind?: SubscriptionKind;
  enabled?: boolean;
}

export interface StateStore {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Awaitable<void>;
  /** Why writes are refused right now (SQLite file deleted), or undefined. */
  fileProblem(): string | undefined;

  addSubscription(sub: NewSubscription, now?: number): Awaitable<Subscription>;
  getSubscription(id: number): Awaitable<Subscription | undefined>;
  listSubscriptions(where?: SubscriptionFilter): Awaitable<Subscription[]>;
  findSameSubscription(sub: NewSubscription): Awaitable<Subscription | undefined>;
  removeSubscription(id: number): Awaitable<boolean>;
  disableSubscription(id: number, reason: string): Awaitable<void>;
  enableSubscription(id: number): Awaitable<void>;

  getFeedState(url: string): Awaitable<FeedState | undefined>;
  listFeedStates(): Awaitable<FeedState[]>;
  updateFeedState(url: string, patch: Partial<Omit<FeedState, 'url'>>): Awaitable<FeedState>;
  seenItemKeys(feedUrl: string): Awaitable<Set<string>>;
  markItemsSeen(
    feedUrl: string,
    keys: Iterable<string>,
    outcome: string,
    now?: number,
    title?: string | null,
  ): Awaitable<void>;
  /** A feed item's article was saved: marked seen and recorded pending for announcement, together. */
  recordFeedItemAdded(
    feedUrl: string,
    keys: string[],
    documentId: string,
    now: number,
    title: string | null,
  ): Awaitable<void>;
  recordFeedItemFailure(
    feedUrl: string,
    itemKey: string,
    title: string | null,
    error: string,
    now?: number,
  ): Awaitable<number>;
  listFeedItemFailures(): Awaitable<FeedItemFailure[]>;
  skippedFeedItems(since: number): Awaitable<SkippedFeedItem[]>;

  getUpdateDocument<T = unknown>(documentId: string): Awaitable<T | undefined>;
  /** Replaces what a document's update posts show, while any of them is still queued; true if one was. */
  refreshUpdateDocument(documentId: string, summary: unknown): Awaitable<boolean>;
  announcements(): Awaitable<Map<string, Announcement>>;
  hasBaseline(): Awaitable<boolean>;
  recordBaseline(docs: { id: string; hash: string }[], now?: number): Awaitable<void>;
  recordContentHash(documentId: string, hash: string): Awaitable<void>;
  recordPending(documentId: string, source: string, now?: number): Awaitable<void>;
  /**
   * Announces a document once, whoever else (another process, another machine) sees it too: in one
   * transaction, marks it announced unless it already is, and only then stores its summary and
   * queues one delivery per destination. Returns `announced: false` when someone was first.
   */
  announceDocument(
    documentId: string,
    hash: string,
    now: number,
    summary: unknown,
    destinations: QueuedDestination[],
  ): Awaitable<{ announced: boolean; queued: number[] }>;

  targetsWithDueDeliveries(now: number): Awaitable<string[]>;
  listDeliveries(where?: { subscriptionId?: number; state?: DeliveryState }): Awaitable<Delivery[]>;
  subscriptionsForTarget(key: string): Awaitable<Subscription[]>;
  /**
   * Claims due pending deliveries for this worker until `now + leaseMs`: ones nobody holds, or whose
   * lease ran out (their worker died). PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two workers never
   * claim the same row. Returns the claimed deliveries, oldest first.
   */
  claimDueDeliveries(options: ClaimOptions): Awaitable<Delivery[]>;
  /** When the earliest lease another worker holds on a pending delivery runs out (to take it over then), or null. */
  nextLeaseExpiry(now: number): Awaitable<number | null>;
  /** Gives claimed deliveries back (not sent this run: capped, or not in this post's group). */
  releaseClaims(deliveryIds: number[]): Awaitable<void>;
  assignNonce(deliveryIds: number[], nonce: string): Awaitable<void>;
  /** Marks deliveries sent with Discord's message id and logs the post, in one transaction. */
  markSent(deliveryIds: number[], messageId: string, target: string, now: number): Awaitable<void>;
  markRetry(deliveryIds: number[], error: string, nextAttemptAt: number): Awaitable<void>;
  markFailed(deliveryIds: number[], error: string): Awaitable<void>;

  countPostsSince(target: string, since: number): Awaitable<number>;
  oldestPostSince(target: string, since: number): Awaitable<number | null>;
  prunePostLog(before: number): Awaitable<void>;
}

/** The shard filter on a subscription row `s`, in SQL both dialects read (snowflakes fit in a signed 64-bit integer). */
export function shardCondition(shard: ShardScope | undefined): { sql: string; params: number[] } {
  if (!shard || shard.count <= 1) return { sql: '', params: [] };
  return {
    sql: `AND (s.kind = 'dm' OR s.guild_id IS NULL OR ((CAST(s.guild_id AS BIGINT) >> 22) % ?) = ?)`,
    params: [shard.count, shard.id],
  };
}
