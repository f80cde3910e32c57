import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { FEED_COLUMNS, SQL, subscriptionValues } from './sql.js';
import {
  shardCondition,
  type ClaimOptions,
  type QueuedDestination,
  type StateStore,
  type SubscriptionFilter,
} from './state-store.js';

export type SubscriptionKind = 'channel' | 'dm';

export interface Subscription {
  id: number;
  /** Null for DM subscriptions made outside a guild. */
  guildId: string | null;
  kind: SubscriptionKind;
  /** Set when `kind === 'channel'`. */
  channelId: string | null;
  /** Set when `kind === 'dm'`: the user who receives the DMs. */
  userId: string | null;
  /** Filter words / "quoted phrases"; empty = everything. */
  filter: string;
  /** Role to mention in channel posts, or null. */
  roleId: string | null;
  createdBy: string;
  createdAt: number;
  enabled: boolean;
  disabledReason: string | null;
}

export type NewSubscription =
  | {
      kind: 'channel';
      guildId: string | null;
      channelId: string;
      filter?: string;
      roleId?: string | null;
      createdBy: string;
    }
  | { kind: 'dm'; guildId?: string | null; userId: string; filter?: string; createdBy: string };

export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: number;
  subscriptionId: number;
  documentId: string;
  state: DeliveryState;
  nonce: string | null;
  attempts: number;
  lastError: string | null;
  queuedAt: number;
  nextAttemptAt: number;
  sentAt: number | null;
  messageId: string | null;
  /** The destination (`targetKey`): one delivery per (destination, document), whatever subscriptions match. */
  targetKey: string;
  /** Roles of every matching channel subscription, mentioned in the one post. */
  mentionRoles: string[];
  /** Filters of every matching subscription ('' = everything), to say why it was posted. */
  filters: string[];
}

/** What the ledger knows of a document: announced (or queued), pending (to announce when indexed), or known (never announced). */
export type AnnouncementState = 'known' | 'pending' | 'announced';

export interface Announcement {
  documentId: string;
  contentHash: string | null;
  state: AnnouncementState;
}

/** A feed item whose article could not be added yet, and why. */
export interface FeedItemFailure {
  feedUrl: string;
  itemKey: string;
  title: string | null;
  attempts: number;
  lastError: string;
  firstFailedAt: number;
  lastFailedAt: number;
}

/** A feed item given up on (or refused), with the reason. */
export interface SkippedFeedItem {
  feedUrl: string;
  itemKey: string;
  title: string | null;
  reason: string;
  at: number;
}

/** How long a statement waits for another process's lock before failing (the event loop waits that long). */
export const BUSY_TIMEOUT_MS = 200;

/** The database file is gone (deleted or replaced while the bot runs): writes would be lost, so they are refused. */
export class StoreUnavailableError extends Error {
  constructor(file: string) {
    super(
      `the database file ${path.basename(file)} was deleted or replaced while the bot was running; ` +
        'changes are refused so none is silently lost. Restore DATA_DIR and restart the bot.',
    );
    this.name = 'StoreUnavailableError';
  }
}

/** True for "database is locked/busy" (SQLite or PostgreSQL): another process holds the lock, or the server is away; try again later. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
  )
    return true;
  // PostgreSQL: lock_timeout reached (55P03), serialization or deadlock (40001, 40P01), or the server unreachable.
  return code === '55P03' || code === '40001' || code === '40P01' || code === 'ECONNREFUSED' || code === '57P01';
}

export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** The first successful poll has recorded what was there. */
  initialized: boolean;
  lastPolledAt: number | null;
  lastOkAt: number | null;
  /** Null when the feed is healthy. */
  failingSince: number | null;
  lastError: string | null;
  /** Consecutive failures (0 when healthy). */
  failures: number;
  /** When a failing feed may be tried again. */
  nextAttemptAt: number | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A row as read from either store (SQLite or PostgreSQL: same columns, same values). */
export function toSubscription(row: any): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: row.kind,
    channelId: row.channel_id,
    userId: row.user_id,
    filter: row.filter,
    roleId: row.role_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
  };
}

/** A row as read from either store (SQLite or PostgreSQL: same columns, same values). */
export function toDelivery(row: any): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    documentId: row.document_id,
    state: row.state,
    nonce: row.nonce,
    attempts: row.attempts,
    lastError: row.last_error,
    queuedAt: row.queued_at,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    messageId: row.message_id,
    targetKey: row.target_key,
    mentionRoles: JSON.parse(row.mention_roles ?? '[]'),
    filters: JSON.parse(row.filters ?? '[]'),
  };
}

/** A row as read from either store (SQLite or PostgreSQL: same columns, same values). */
export function toFeedState(row: any): FeedState {
  return {
    url: row.url,
    etag: row.etag,
    lastModified: row.last_modified,
    initialized: row.initialized === 1,
    lastPolledAt: row.last_polled_at,
    lastOkAt: row.last_ok_at,
    failingSince: row.failing_since,
    lastError: row.last_error,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
  };
}

/** A row as read from either store (SQLite or PostgreSQL: same columns, same values). */
export function toFeedItemFailure(row: any): FeedItemFailure {
  return {
    feedUrl: row.feed_url,
    itemKey: row.item_key,
    title: row.title,
    attempts: row.attempts,
    lastError: row.last_error,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
  };
}

/** A `feed_seen` row of a skipped item, from either store. */
export function toSkippedFeedItem(row: any): SkippedFeedItem {
  return {
    feedUrl: row.feed_url,
    itemKey: row.item_key,
    title: row.title,
    reason: String(row.outcome).replace(/^skipped:\s*/, ''),
    at: row.seen_at,
  };
}

/** `WHERE a = ? AND b = ?` over the criteria that are given (undefined ones are left out), and their values. */
function whereClause(criteria: [column: string, value: unknown][]): { sql: string; params: unknown[] } {
  const given = criteria.filter(([, value]) => value !== undefined);
  return {
    sql: given.length ? `WHERE ${given.map(([column]) => `${column} = ?`).join(' AND ')}` : '',
    params: given.map(([, value]) => value),
  };
}

/** Key under which posts to one destination are counted for rate limiting. */
export function targetKey(sub: Pick<Subscription, 'kind' | 'channelId' | 'userId'>): string {
  return sub.kind === 'channel' ? `channel:${sub.channelId}` : `dm:${sub.userId}`;
}

/**
 * What a pending post to `removed`'s destination becomes once `removed` is gone. One post per
 * destination is queued under the lowest-numbered matching subscription and carries the filters
 * and roles of all of them; deleting that subscription would cascade the post away from the
 * others it matched, and a removed subscription's role would still be pinged. So the post moves
 * to the next subscription that matched it (same filter), keeps only their roles and filters, and
 * is dropped ('drop') only when none is left. 'keep': the post does not involve `removed`.
 */
export function afterRemoving(
  delivery: Delivery,
  removed: Subscription,
  atDestination: Subscription[],
): 'keep' | 'drop' | { subscriptionId: number; mentionRoles: string[]; filters: string[] } {
  const involved = delivery.subscriptionId === removed.id || delivery.filters.includes(removed.filter);
  if (!involved) return 'keep';
  const still = atDestination
    .filter((s) => s.id !== removed.id && delivery.filters.includes(s.filter))
    .sort((a, b) => a.id - b.id);
  const [owner] = still;
  if (!owner) return 'drop';
  const roles = new Set(still.flatMap((s) => (s.kind === 'channel' && s.roleId ? [s.roleId] : [])));
  return {
    subscriptionId: owner.id,
    mentionRoles: delivery.mentionRoles.filter((r) => roles.has(r)),
    filters: delivery.filters.filter((f) => still.some((s) => s.filter === f)),
  };
}

/** The subscriptions posting to the same destination as `sub` (itself included). */
export function sameDestination(sub: Subscription): SubscriptionFilter {
  return sub.kind === 'channel' ? { kind: 'channel', channelId: sub.channelId! } : { kind: 'dm', userId: sub.userId! };
}

/** The bot's persistent state: one SQLite file (WAL mode), migrated on open. */
export class Store implements StateStore {
  readonly dialect = 'sqlite' as const;
  readonly db: Database.Database;
  /** The file and its inode at open, to notice it being deleted or replaced. */
  private readonly file: string;
  private readonly inode: number | undefined;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
    this.inode = file === ':memory:' ? undefined : fs.statSync(file).ino;
  }

  /**
   * Why the database cannot be written, or undefined when it can: the file was deleted or
   * replaced since it was opened (SQLite would go on writing into the unlinked file, lost at exit).
   */
  fileProblem(): string | undefined {
    if (this.inode === undefined) return undefined;
    try {
      if (fs.statSync(this.file).ino === this.inode) return undefined;
    } catch {
      // missing
    }
    return new StoreUnavailableError(this.file).message;
  }

  /** Runs `fn` in one transaction, after checking the file is still there (else StoreUnavailableError). */
  transaction<T>(fn: () => T): T {
    if (this.fileProblem()) throw new StoreUnavailableError(this.file);
    return this.db.transaction(fn)();
  }

  /** Opens (creating if needed) the database file and migrates it. `':memory:'` works for tests. */
  static open(file: string): Store {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Short: a lock held by another process must not stall the event loop (Discord's 3-second
    // deadline); callers report "busy" and retry later instead.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    return new Store(db, file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  // ---- subscriptions -------------------------------------------------------------------------

  addSubscription(sub: NewSubscription, now = Date.now()): Subscription {
    const info = this.transaction(() => this.db.prepare(SQL.insertSubscription).run(...subscriptionValues(sub, now)));
    return this.getSubscription(Number(info.lastInsertRowid))!;
  }

  getSubscription(id: number): Subscription | undefined {
    const row = this.db.prepare(SQL.subscriptionById).get(id);
    return row ? toSubscription(row) : undefined;
  }

  /** Subscriptions matching every given criterion, oldest first. */
  listSubscriptions(where: SubscriptionFilter = {}): Subscription[] {
    const { sql, params } = whereClause([
      ['created_by', where.createdBy],
      ['kind', where.kind],
      ['guild_id', where.guildId],
      ['channel_id', where.channelId],
      ['user_id', where.userId],
      ['enabled', where.enabled === undefined ? undefined : where.enabled ? 1 : 0],
    ]);
    return this.db
      .prepare(`SELECT * FROM subscriptions ${sql} ORDER BY id`)
      .all(...params)
      .map(toSubscription);
  }

  /** An existing subscription with the same destination and filter (to refuse duplicates in /subscribe). */
  findSameSubscription(sub: NewSubscription): Subscription | undefined {
    const filter = (sub.filter ?? '').trim();
    const row =
      sub.kind === 'channel'
        ? this.db.prepare(SQL.channelSubscription).get(sub.channelId, filter)
        : this.db.prepare(SQL.dmSubscription).get(sub.userId, filter);
    return row ? toSubscription(row) : undefined;
  }

  /** Deletes a subscription and its delivery bookkeeping. Returns false if it did not exist. */
  removeSubscription(id: number): boolean {
    return this.transaction(() => {
      const removed = this.getSubscription(id);
      if (!removed) return false;
      const others = this.listSubscriptions(sameDestination(removed));
      const pending = this.db.prepare(SQL.pendingDeliveriesTo).all(targetKey(removed)).map(toDelivery);
      for (const delivery of pending) {
        const next = afterRemoving(delivery, removed, others);
        if (typeof next === 'object')
          this.db
            .prepare(SQL.rehomeDelivery)
            .run(next.subscriptionId, JSON.stringify(next.mentionRoles), JSON.stringify(next.filters), delivery.id);
      }
      // What is left under `removed` ('drop') goes with it (ON DELETE CASCADE).
      return this.db.prepare(SQL.deleteSubscription).run(id).changes > 0;
    });
  }

  /** Disables a subscription (keeps it for /subscriptions to show why); its pending deliveries fail. */
  disableSubscription(id: number, reason: string): void {
    this.transaction(() => {
      this.db.prepare(SQL.disableSubscription).run(reason, id);
      this.db
        .prepare(
          `UPDATE deliveries SET state = 'failed', last_error = ? WHERE subscription_id = ? AND state = 'pending'`,
        )
        .run(`subscription disabled: ${reason}`, id);
    });
  }

  enableSubscription(id: number): void {
    this.transaction(() => this.db.prepare(SQL.enableSubscription).run(id));
  }

  // ---- feeds ---------------------------------------------------------------------------------

  getFeedState(url: string): FeedState | undefined {
    const row = this.db.prepare(SQL.feedState).get(url);
    return row ? toFeedState(row) : undefined;
  }

  listFeedStates(): FeedState[] {
    return this.db.prepare(SQL.feedStates).all().map(toFeedState);
  }

  /** Creates or updates the state of a feed; only the given fields change. */
  updateFeedState(url: string, patch: Partial<Omit<FeedState, 'url'>>): FeedState {
    this.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO feed_state (url) VALUES (?)').run(url);
      for (const [key, value] of Object.entries(patch)) {
        const column = FEED_COLUMNS[key as keyof typeof FEED_COLUMNS];
        if (!column || value === undefined) continue;
        this.db
          .prepare(`UPDATE feed_state SET ${column} = ? WHERE url = ?`)
          .run(typeof value === 'boolean' ? (value ? 1 : 0) : value, url);
      }
    });
    return this.getFeedState(url)!;
  }

  seenItemKeys(feedUrl: string): Set<string> {
    const rows = this.db.prepare(SQL.seenItemKeys).all(feedUrl) as { item_key: string }[];
    return new Set(rows.map((r) => r.item_key));
  }

  /** Records feed items as handled (`outcome`: 'initial', 'added:<docId>', 'filtered', 'skipped: …'). */
  markItemsSeen(
    feedUrl: string,
    keys: Iterable<string>,
    outcome: string,
    now = Date.now(),
    title: string | null = null,
  ): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO feed_seen (feed_url, item_key, seen_at, outcome, title) VALUES (?, ?, ?, ?, ?)',
    );
    this.transaction(() => {
      for (const key of keys) insert.run(feedUrl, key, now, outcome, title);
      for (const key of keys) this.db.prepare(SQL.clearItemFailure).run(feedUrl, key);
    });
  }

  recordFeedItemAdded(feedUrl: string, keys: string[], documentId: string, now: number, title: string | null): void {
    this.transaction(() => {
      this.markItemsSeen(feedUrl, keys, `added:${documentId}`, now, title);
      this.recordPending(documentId, `feed ${feedUrl}`, now);
    });
  }

  // ---- deliveries ----------------------------------------------------------------------------

  /** Stores (or refreshes) what an update post about a document shows. */
  saveUpdateDocument(documentId: string, summary: unknown, now = Date.now()): void {
    this.transaction(() => this.db.prepare(SQL.saveUpdateDocument).run(documentId, JSON.stringify(summary), now));
  }

  refreshUpdateDocument(documentId: string, summary: unknown): boolean {
    return this.transaction(
      () => this.db.prepare(SQL.refreshUpdateDocument).run(JSON.stringify(summary), documentId, documentId).changes > 0,
    );
  }

  getUpdateDocument<T = unknown>(documentId: string): T | undefined {
    const row = this.db.prepare(SQL.updateDocument).get(documentId) as { summary: string } | undefined;
    return row ? (JSON.parse(row.summary) as T) : undefined;
  }

  /**
   * Queues a document for a subscription's destination. Returns false if that (subscription,
   * document) was ever queued, or the destination already has this document queued or sent through
   * another subscription: one post per (channel or DM, document).
   */
  queueDelivery(
    subscriptionId: number,
    documentId: string,
    now = Date.now(),
    extra: { mentionRoles?: string[]; filters?: string[] } = {},
  ): boolean {
    const sub = this.getSubscription(subscriptionId);
    if (!sub) return false;
    const key = targetKey(sub);
    return this.transaction(() => {
      const taken = this.db
        .prepare('SELECT 1 FROM deliveries WHERE target_key = ? AND document_id = ?')
        .get(key, documentId);
      if (taken) return false;
      return (
        this.db
          .prepare(
            `INSERT OR IGNORE INTO deliveries (subscription_id, document_id, state, queued_at, next_attempt_at, target_key, mention_roles, filters)
             VALUES (?, ?, 'pending', ?, 0, ?, ?, ?)`,
          )
          .run(
            subscriptionId,
            documentId,
            now,
            key,
            JSON.stringify(extra.mentionRoles ?? (sub.roleId && sub.kind === 'channel' ? [sub.roleId] : [])),
            JSON.stringify(extra.filters ?? [sub.filter]),
          ).changes > 0
      );
    });
  }

  /** Destinations with at least one pending delivery due at `now` (through an enabled subscription). */
  targetsWithDueDeliveries(now: number): string[] {
    const rows = this.db.prepare(SQL.targetsWithDueDeliveries).all(now) as { key: string }[];
    return rows.map((r) => r.key);
  }

  /** Pending deliveries to one destination through enabled subscriptions, oldest first. */
  pendingDeliveriesForTarget(key: string): Delivery[] {
    return this.db
      .prepare(
        `SELECT d.* FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
         WHERE d.target_key = ? AND d.state = 'pending' AND s.enabled = 1 ORDER BY d.queued_at, d.id`,
      )
      .all(key)
      .map(toDelivery);
  }

  /** Enabled subscriptions posting to one destination. */
  subscriptionsForTarget(key: string): Subscription[] {
    return this.listSubscriptions({ enabled: true }).filter((s) => targetKey(s) === key);
  }

  // ---- announcement ledger -------------------------------------------------------------------

  /** Every document the ledger knows, by id. */
  announcements(): Map<string, Announcement> {
    const rows = this.db.prepare(SQL.announcementStates).all() as {
      document_id: string;
      content_hash: string | null;
      state: AnnouncementState;
    }[];
    return new Map(
      rows.map((r) => [r.document_id, { documentId: r.document_id, contentHash: r.content_hash, state: r.state }]),
    );
  }

  /** True once the corpus present at the first start has been recorded (see `recordBaseline`). */
  hasBaseline(): boolean {
    return this.db.prepare(`SELECT 1 FROM store_meta WHERE key = 'corpus_baseline_at'`).get() !== undefined;
  }

  /**
   * A brand-new data folder (or one from before the ledger): the corpus already there is recorded
   * as known, never announced — as a feed's first poll records its existing items.
   */
  recordBaseline(docs: { id: string; hash: string }[], now = Date.now()): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO announcements (document_id, content_hash, state, source, recorded_at) VALUES (?, ?, 'known', 'first start', ?)`,
    );
    this.transaction(() => {
      for (const doc of docs) insert.run(doc.id, doc.hash, now);
      this.db
        .prepare(`INSERT OR REPLACE INTO store_meta (key, value) VALUES ('corpus_baseline_at', ?)`)
        .run(String(now));
    });
  }

  /** Records a document as announced (its deliveries are queued in the same transaction by the caller). */
  recordAnnounced(documentId: string, hash: string, now = Date.now()): void {
    this.transaction(() => this.db.prepare(SQL.recordAnnounced).run(documentId, hash, now, now));
  }

  announceDocument(
    documentId: string,
    hash: string,
    now: number,
    summary: unknown,
    destinations: QueuedDestination[],
  ): { announced: boolean; queued: number[] } {
    return this.transaction(() => {
      const won = this.db
        .prepare(
          `INSERT INTO announcements (document_id, content_hash, state, recorded_at, announced_at) VALUES (?, ?, 'announced', ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET content_hash = excluded.content_hash, state = 'announced', announced_at = excluded.announced_at
           WHERE announcements.state <> 'announced'
           RETURNING document_id`,
        )
        .get(documentId, hash, now, now);
      if (!won) return { announced: false, queued: [] };
      if (summary === undefined || destinations.length === 0) return { announced: true, queued: [] };
      this.saveUpdateDocument(documentId, summary, now);
      const queued = destinations
        .filter((d) =>
          this.queueDelivery(d.subscriptionId, documentId, now, { mentionRoles: d.mentionRoles, filters: d.filters }),
        )
        .map((d) => d.subscriptionId);
      return { announced: true, queued };
    });
  }

  /** A changed document that is not announced again: only its hash is updated. */
  recordContentHash(documentId: string, hash: string): void {
    this.transaction(() => this.db.prepare(SQL.setContentHash).run(hash, documentId));
  }

  /** A document saved into the corpus folder (feed, /corpus add): to be announced once it is indexed. */
  recordPending(documentId: string, source: string, now = Date.now()): void {
    this.transaction(() =>
      this.db
        .prepare(
          `INSERT OR IGNORE INTO announcements (document_id, state, source, recorded_at) VALUES (?, 'pending', ?, ?)`,
        )
        .run(documentId, source, now),
    );
  }

  // ---- feed item failures --------------------------------------------------------------------

  /** Counts a failed attempt at a feed item's article; returns the number of attempts so far. */
  recordFeedItemFailure(
    feedUrl: string,
    itemKey: string,
    title: string | null,
    error: string,
    now = Date.now(),
  ): number {
    return this.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO feed_item_failures (feed_url, item_key, title, attempts, last_error, first_failed_at, last_failed_at)
           VALUES (?, ?, ?, 1, ?, ?, ?)
           ON CONFLICT (feed_url, item_key) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error, last_failed_at = excluded.last_failed_at`,
        )
        .run(feedUrl, itemKey, title, error, now, now);
      const row = this.db
        .prepare('SELECT attempts FROM feed_item_failures WHERE feed_url = ? AND item_key = ?')
        .get(feedUrl, itemKey) as { attempts: number };
      return row.attempts;
    });
  }

  listFeedItemFailures(): FeedItemFailure[] {
    return (this.db.prepare(SQL.feedItemFailures).all() as any[]).map(toFeedItemFailure);
  }

  /** Feed items skipped since `since` (newest first), with their reasons; one row per item (not per key). */
  skippedFeedItems(since: number): SkippedFeedItem[] {
    const rows = this.db.prepare(SQL.skippedFeedItems).all(since) as any[];
    return rows.map(toSkippedFeedItem);
  }

  /** Ids of enabled subscriptions with at least one pending delivery due at `now`. */
  subscriptionsWithDueDeliveries(now: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT d.subscription_id AS id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
         WHERE d.state = 'pending' AND s.enabled = 1 AND d.next_attempt_at <= ? ORDER BY d.subscription_id`,
      )
      .all(now) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Pending deliveries of one subscription, oldest first. */
  pendingDeliveries(subscriptionId: number): Delivery[] {
    return this.db
      .prepare(`SELECT * FROM deliveries WHERE subscription_id = ? AND state = 'pending' ORDER BY queued_at, id`)
      .all(subscriptionId)
      .map(toDelivery);
  }

  listDeliveries(where: { subscriptionId?: number; state?: DeliveryState } = {}): Delivery[] {
    const { sql, params } = whereClause([
      ['subscription_id', where.subscriptionId],
      ['state', where.state],
    ]);
    return this.db
      .prepare(`SELECT * FROM deliveries ${sql} ORDER BY id`)
      .all(...params)
      .map(toDelivery);
  }

  /** Fixes the group of deliveries one post will carry, before sending (so a retry resends the same group). */
  assignNonce(deliveryIds: number[], nonce: string): void {
    this.updatePending(deliveryIds, 'nonce = ?', nonce);
  }

  /** Marks deliveries sent and logs the post for rate limiting, atomically. */
  markSent(deliveryIds: number[], messageId: string, target: string, now: number): void {
    const stmt = this.db.prepare(
      `UPDATE deliveries SET state = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, last_error = NULL,
         claimed_by = NULL, lease_until = NULL
       WHERE id = ? AND state = 'pending'`,
    );
    this.transaction(() => {
      let changed = 0;
      for (const id of deliveryIds) changed += stmt.run(now, messageId, id).changes;
      // A worker whose lease ran out may finish after the one that took over: the post counts once.
      if (changed > 0) this.db.prepare(SQL.logPost).run(target, now);
    });
  }

  /** Counts an attempt and schedules the next one. */
  markRetry(deliveryIds: number[], error: string, nextAttemptAt: number): void {
    this.updatePending(
      deliveryIds,
      'attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_by = NULL, lease_until = NULL',
      error,
      nextAttemptAt,
    );
  }

  markFailed(deliveryIds: number[], error: string): void {
    this.updatePending(
      deliveryIds,
      `state = 'failed', attempts = attempts + 1, last_error = ?, claimed_by = NULL, lease_until = NULL`,
      error,
    );
  }

  claimDueDeliveries(options: ClaimOptions): Delivery[] {
    const shard = shardCondition(options.shard);
    // SQLite lets one writer at a time in (BEGIN IMMEDIATE): the select and the claim cannot interleave with another process.
    const claim = this.db.transaction(() =>
      this.db
        .prepare(
          `UPDATE deliveries SET claimed_by = ?, lease_until = ? WHERE id IN (
             SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
             WHERE d.state = 'pending' AND s.enabled = 1 AND d.next_attempt_at <= ?
               AND (d.lease_until IS NULL OR d.lease_until <= ?) ${shard.sql}
             ORDER BY d.id LIMIT ?)
           RETURNING *`,
        )
        .all(
          options.worker,
          options.now + options.leaseMs,
          options.now,
          options.now,
          ...shard.params,
          options.limit ?? 500,
        ),
    );
    if (this.fileProblem()) throw new StoreUnavailableError(this.file);
    return claim
      .immediate()
      .map(toDelivery)
      .sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id);
  }

  nextLeaseExpiry(now: number): number | null {
    const row = this.db.prepare(SQL.nextLeaseExpiry).get(now) as { t: number | null };
    return row.t;
  }

  releaseClaims(deliveryIds: number[]): void {
    const stmt = this.db.prepare(
      `UPDATE deliveries SET claimed_by = NULL, lease_until = NULL WHERE id = ? AND state = 'pending'`,
    );
    this.transaction(() => {
      for (const id of deliveryIds) stmt.run(id);
    });
  }

  /** `UPDATE deliveries SET <set>` for each delivery still pending, in one transaction; `params` fill the SET. */
  private updatePending(deliveryIds: number[], set: string, ...params: unknown[]): void {
    const stmt = this.db.prepare(`UPDATE deliveries SET ${set} WHERE id = ? AND state = 'pending'`);
    this.transaction(() => {
      for (const id of deliveryIds) stmt.run(...params, id);
    });
  }

  /* eslint-enable @typescript-eslint/no-explicit-any */
  // ---- rate limiting -------------------------------------------------------------------------

  countPostsSince(target: string, since: number): number {
    const row = this.db.prepare(SQL.countPostsSince).get(target, since) as { n: number };
    return row.n;
  }

  /** Oldest post to `target` after `since` (to know when the hourly window frees up). */
  oldestPostSince(target: string, since: number): number | null {
    const row = this.db.prepare(SQL.oldestPostSince).get(target, since) as { t: number | null };
    return row.t;
  }

  /** Forgets posts older than `before` (they no longer count toward any window). */
  prunePostLog(before: number): void {
    this.transaction(() => this.db.prepare(SQL.prunePostLog).run(before));
  }
}

/** Opens `<dataDir>/pactbot.sqlite`. */
export function openStore(dataDir: string): Store {
  return Store.open(path.join(dataDir, 'pactbot.sqlite'));
}
