import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

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
  | { kind: 'channel'; guildId: string | null; channelId: string; filter?: string; roleId?: string | null; createdBy: string }
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
function toSubscription(row: any): Subscription {
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

function toDelivery(row: any): Delivery {
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
  };
}

function toFeedState(row: any): FeedState {
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
/* eslint-enable @typescript-eslint/no-explicit-any */

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

/** The bot's persistent state: one SQLite file (WAL mode), migrated on open. */
export class Store {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating if needed) the database file and migrates it. `':memory:'` works for tests. */
  static open(file: string): Store {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new Store(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  // ---- subscriptions -------------------------------------------------------------------------

  addSubscription(sub: NewSubscription, now = Date.now()): Subscription {
    const info = this.db
      .prepare(
        `INSERT INTO subscriptions (guild_id, kind, channel_id, user_id, filter, role_id, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        sub.guildId ?? null,
        sub.kind,
        sub.kind === 'channel' ? sub.channelId : null,
        sub.kind === 'dm' ? sub.userId : null,
        (sub.filter ?? '').trim(),
        sub.kind === 'channel' ? (sub.roleId ?? null) : null,
        sub.createdBy,
        now,
      );
    return this.getSubscription(Number(info.lastInsertRowid))!;
  }

  getSubscription(id: number): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id);
    return row ? toSubscription(row) : undefined;
  }

  /** Subscriptions matching every given criterion, oldest first. */
  listSubscriptions(
    where: { guildId?: string; channelId?: string; userId?: string; createdBy?: string; kind?: SubscriptionKind; enabled?: boolean } = {},
  ): Subscription[] {
    const { sql, params } = whereClause([
      ['created_by', where.createdBy],
      ['kind', where.kind],
      ['guild_id', where.guildId],
      ['channel_id', where.channelId],
      ['user_id', where.userId],
      ['enabled', where.enabled === undefined ? undefined : where.enabled ? 1 : 0],
    ]);
    return this.db.prepare(`SELECT * FROM subscriptions ${sql} ORDER BY id`).all(...params).map(toSubscription);
  }

  /** An existing subscription with the same destination and filter (to refuse duplicates in /subscribe). */
  findSameSubscription(sub: NewSubscription): Subscription | undefined {
    const filter = (sub.filter ?? '').trim();
    const row =
      sub.kind === 'channel'
        ? this.db.prepare(`SELECT * FROM subscriptions WHERE kind = 'channel' AND channel_id = ? AND filter = ?`).get(sub.channelId, filter)
        : this.db.prepare(`SELECT * FROM subscriptions WHERE kind = 'dm' AND user_id = ? AND filter = ?`).get(sub.userId, filter);
    return row ? toSubscription(row) : undefined;
  }

  /** Deletes a subscription and its delivery bookkeeping. Returns false if it did not exist. */
  removeSubscription(id: number): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0;
  }

  /** Disables a subscription (keeps it for /subscriptions to show why); its pending deliveries fail. */
  disableSubscription(id: number, reason: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE subscriptions SET enabled = 0, disabled_reason = ? WHERE id = ?').run(reason, id);
      this.db
        .prepare(`UPDATE deliveries SET state = 'failed', last_error = ? WHERE subscription_id = ? AND state = 'pending'`)
        .run(`subscription disabled: ${reason}`, id);
    })();
  }

  enableSubscription(id: number): void {
    this.db.prepare('UPDATE subscriptions SET enabled = 1, disabled_reason = NULL WHERE id = ?').run(id);
  }

  // ---- feeds ---------------------------------------------------------------------------------

  getFeedState(url: string): FeedState | undefined {
    const row = this.db.prepare('SELECT * FROM feed_state WHERE url = ?').get(url);
    return row ? toFeedState(row) : undefined;
  }

  listFeedStates(): FeedState[] {
    return this.db.prepare('SELECT * FROM feed_state ORDER BY url').all().map(toFeedState);
  }

  /** Creates or updates the state of a feed; only the given fields change. */
  updateFeedState(url: string, patch: Partial<Omit<FeedState, 'url'>>): FeedState {
    const columns: Record<keyof Omit<FeedState, 'url'>, string> = {
      etag: 'etag',
      lastModified: 'last_modified',
      initialized: 'initialized',
      lastPolledAt: 'last_polled_at',
      lastOkAt: 'last_ok_at',
      failingSince: 'failing_since',
      lastError: 'last_error',
      failures: 'failures',
      nextAttemptAt: 'next_attempt_at',
    };
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO feed_state (url) VALUES (?)').run(url);
      for (const [key, value] of Object.entries(patch)) {
        const column = columns[key as keyof typeof columns];
        if (!column || value === undefined) continue;
        this.db
          .prepare(`UPDATE feed_state SET ${column} = ? WHERE url = ?`)
          .run(typeof value === 'boolean' ? (value ? 1 : 0) : value, url);
      }
    })();
    return this.getFeedState(url)!;
  }

  seenItemKeys(feedUrl: string): Set<string> {
    const rows = this.db.prepare('SELECT item_key FROM feed_seen WHERE feed_url = ?').all(feedUrl) as { item_key: string }[];
    return new Set(rows.map((r) => r.item_key));
  }

  /** Records feed items as handled (`outcome`: 'initial', 'added:<docId>', 'filtered', 'skipped: …'). */
  markItemsSeen(feedUrl: string, keys: Iterable<string>, outcome: string, now = Date.now()): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO feed_seen (feed_url, item_key, seen_at, outcome) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const key of keys) insert.run(feedUrl, key, now, outcome);
    })();
  }

  // ---- deliveries ----------------------------------------------------------------------------

  /** Stores (or refreshes) what an update post about a document shows. */
  saveUpdateDocument(documentId: string, summary: unknown, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO update_documents (document_id, summary, queued_at) VALUES (?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET summary = excluded.summary`,
      )
      .run(documentId, JSON.stringify(summary), now);
  }

  getUpdateDocument<T = unknown>(documentId: string): T | undefined {
    const row = this.db.prepare('SELECT summary FROM update_documents WHERE document_id = ?').get(documentId) as
      | { summary: string }
      | undefined;
    return row ? (JSON.parse(row.summary) as T) : undefined;
  }

  /** Queues a (subscription, document) pair. Returns false if it was ever queued before. */
  queueDelivery(subscriptionId: number, documentId: string, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO deliveries (subscription_id, document_id, state, queued_at, next_attempt_at)
           VALUES (?, ?, 'pending', ?, 0)`,
        )
        .run(subscriptionId, documentId, now).changes > 0
    );
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
    return this.db.prepare(`SELECT * FROM deliveries ${sql} ORDER BY id`).all(...params).map(toDelivery);
  }

  /** Fixes the group of deliveries one post will carry, before sending (so a retry resends the same group). */
  assignNonce(deliveryIds: number[], nonce: string): void {
    this.updatePending(deliveryIds, 'nonce = ?', nonce);
  }

  /** Marks deliveries sent and logs the post for rate limiting, atomically. */
  markSent(deliveryIds: number[], messageId: string, target: string, now: number): void {
    const stmt = this.db.prepare(
      `UPDATE deliveries SET state = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, last_error = NULL
       WHERE id = ? AND state = 'pending'`,
    );
    this.db.transaction(() => {
      for (const id of deliveryIds) stmt.run(now, messageId, id);
      this.db.prepare('INSERT INTO post_log (target_key, posted_at) VALUES (?, ?)').run(target, now);
    })();
  }

  /** Counts an attempt and schedules the next one. */
  markRetry(deliveryIds: number[], error: string, nextAttemptAt: number): void {
    this.updatePending(deliveryIds, 'attempts = attempts + 1, last_error = ?, next_attempt_at = ?', error, nextAttemptAt);
  }

  markFailed(deliveryIds: number[], error: string): void {
    this.updatePending(deliveryIds, `state = 'failed', attempts = attempts + 1, last_error = ?`, error);
  }

  /** `UPDATE deliveries SET <set>` for each delivery still pending, in one transaction; `params` fill the SET. */
  private updatePending(deliveryIds: number[], set: string, ...params: unknown[]): void {
    const stmt = this.db.prepare(`UPDATE deliveries SET ${set} WHERE id = ? AND state = 'pending'`);
    this.db.transaction(() => {
      for (const id of deliveryIds) stmt.run(...params, id);
    })();
  }

  // ---- rate limiting -------------------------------------------------------------------------

  countPostsSince(target: string, since: number): number {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM post_log WHERE target_key = ? AND posted_at > ?')
      .get(target, since) as { n: number };
    return row.n;
  }

  /** Oldest post to `target` after `since` (to know when the hourly window frees up). */
  oldestPostSince(target: string, since: number): number | null {
    const row = this.db
      .prepare('SELECT MIN(posted_at) AS t FROM post_log WHERE target_key = ? AND posted_at > ?')
      .get(target, since) as { t: number | null };
    return row.t;
  }

  /** Forgets posts older than `before` (they no longer count toward any window). */
  prunePostLog(before: number): void {
    this.db.prepare('DELETE FROM post_log WHERE posted_at <= ?').run(before);
  }
}

/** Opens `<dataDir>/pactbot.sqlite`. */
export function openStore(dataDir: string): Store {
  return Store.open(path.join(dataDir, 'pactbot.sqlite'));
}
