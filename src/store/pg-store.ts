import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { FEED_COLUMNS, SQL, subscriptionValues } from './sql.js';
import {
  shardCondition,
  type ClaimOptions,
  type QueuedDestination,
  type StateStore,
  type SubscriptionFilter,
} from './state-store.js';
import {
  afterRemoving,
  sameDestination,
  targetKey,
  toDelivery,
  toFeedItemFailure,
  toFeedState,
  toSkippedFeedItem,
  toSubscription,
  type Announcement,
  type AnnouncementState,
  type Delivery,
  type DeliveryState,
  type FeedItemFailure,
  type FeedState,
  type NewSubscription,
  type SkippedFeedItem,
  type Subscription,
} from './store.js';

/** How long a statement waits for a row another process holds before failing (callers then say "busy"). */
export const PG_LOCK_TIMEOUT_MS = 1000;

/** BIGINT (ids, times, counts) as JavaScript numbers: every value the bot stores is far below 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

type Runner = Pick<pg.PoolClient, 'query'>;

/** SQL written with `?` placeholders (as for SQLite) numbered `$1, $2…` for PostgreSQL. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The bot's state in PostgreSQL (`DATABASE_URL=postgres://…`), shared by every process that uses
 * the same database: two machines, or the shards of one. Same tables, same answers as the SQLite
 * `Store`; claims use `FOR UPDATE SKIP LOCKED` so workers never take the same delivery.
 */
export class PgStore implements StateStore {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects and migrates (under an advisory lock, so two bots starting together migrate once). */
  static async open(url: string): Promise<PgStore> {
    const pool = new pg.Pool({
      connectionString: url,
      types,
      max: 5,
      connectionTimeoutMillis: 5000,
      options: `-c lock_timeout=${PG_LOCK_TIMEOUT_MS}`,
    });
    // An idle connection dropped by the server must not crash the bot; the next query reconnects.
    pool.on('error', () => {});
    const store = new PgStore(pool);
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    if (PG_MIGRATIONS.length !== MIGRATIONS.length)
      throw new Error('PostgreSQL and SQLite migrations differ in number');
    await this.tx(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(7242001)');
      await db.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await db.query('SELECT version FROM schema_version');
      if (rows.length === 0) await db.query('INSERT INTO schema_version (version) VALUES (0)');
      const current: number = rows[0]?.version ?? 0;
      if (current > PG_MIGRATIONS.length) {
        throw new Error(
          `database schema version ${current} is newer than this pactbot knows (${PG_MIGRATIONS.length}); upgrade pactbot`,
        );
      }
      for (const [version, sql] of PG_MIGRATIONS.entries()) {
        if (version < current) continue;
        await db.query(sql);
        await db.query('UPDATE schema_version SET version = $1', [version + 1]);
      }
    });
  }

  async schemaVersion(): Promise<number> {
    const { rows } = await this.pool.query('SELECT version FROM schema_version');
    return rows[0].version;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  fileProblem(): string | undefined {
    return undefined;
  }

  /** Runs `fn` in one transaction on one connection. */
  async tx<T>(fn: (db: Runner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private async all(sql: string, params: unknown[] = [], db: Runner = this.pool): Promise<any[]> {
    return (await db.query(numbered(sql), params)).rows;
  }

  private async get(sql: string, params: unknown[] = [], db: Runner = this.pool): Promise<any> {
    return (await this.all(sql, params, db))[0];
  }

  private async run(sql: string, params: unknown[] = [], db: Runner = this.pool): Promise<number> {
    return (await db.query(numbered(sql), params)).rowCount ?? 0;
  }

  // ---- subscriptions -------------------------------------------------------------------------

  async addSubscription(sub: NewSubscription, now = Date.now()): Promise<Subscription> {
    const row = await this.get(`${SQL.insertSubscription} RETURNING *`, subscriptionValues(sub, now));
    return toSubscription(row);
  }

  async getSubscription(id: number): Promise<Subscription | undefined> {
    const row = await this.get(SQL.subscriptionById, [id]);
    return row ? toSubscription(row) : undefined;
  }

  async listSubscriptions(where: SubscriptionFilter = {}): Promise<Subscription[]> {
    const criteria: [string, unknown][] = [
      ['created_by', where.createdBy],
      ['kind', where.kind],
      ['guild_id', where.guildId],
      ['channel_id', where.channelId],
      ['user_id', where.userId],
      ['enabled', where.enabled === undefined ? undefined : where.enabled ? 1 : 0],
    ];
    const given = criteria.filter(([, value]) => value !== undefined);
    const sql = given.length ? `WHERE ${given.map(([column]) => `${column} = ?`).join(' AND ')}` : '';
    return (
      await this.all(
        `SELECT * FROM subscriptions ${sql} ORDER BY id`,
        given.map(([, v]) => v),
      )
    ).map(toSubscription);
  }

  async findSameSubscription(sub: NewSubscription): Promise<Subscription | undefined> {
    const filter = (sub.filter ?? '').trim();
    const row =
      sub.kind === 'channel'
        ? await this.get(SQL.channelSubscription, [sub.channelId, filter])
        : await this.get(SQL.dmSubscription, [sub.userId, filter]);
    return row ? toSubscription(row) : undefined;
  }

  async removeSubscription(id: number): Promise<boolean> {
    // The same as the SQLite store's: the post another subscription there matched stays queued.
    return this.tx(async (db) => {
      const row = await this.get(`${SQL.subscriptionById} FOR UPDATE`, [id], db);
      if (!row) return false;
      const removed = toSubscription(row);
      const others = (await this.listSubscriptions(sameDestination(removed))).filter((s) => s.id !== removed.id);
      const pending = (await this.all(SQL.pendingDeliveriesTo, [targetKey(removed)], db)).map(toDelivery);
      for (const delivery of pending) {
        const next = afterRemoving(delivery, removed, others);
        if (typeof next === 'object')
          await this.run(
            SQL.rehomeDelivery,
            [next.subscriptionId, JSON.stringify(next.mentionRoles), JSON.stringify(next.filters), delivery.id],
            db,
          );
      }
      return (await this.run(SQL.deleteSubscription, [id], db)) > 0;
    });
  }

  async disableSubscription(id: number, reason: string): Promise<void> {
    await this.tx(async (db) => {
      await this.run(SQL.disableSubscription, [reason, id], db);
      await this.run(
        `UPDATE deliveries SET state = 'failed', last_error = ?, claimed_by = NULL, lease_until = NULL WHERE subscription_id = ? AND state = 'pending'`,
        [`subscription disabled: ${reason}`, id],
        db,
      );
    });
  }

  async enableSubscription(id: number): Promise<void> {
    await this.run(SQL.enableSubscription, [id]);
  }

  // ---- feeds ---------------------------------------------------------------------------------

  async getFeedState(url: string): Promise<FeedState | undefined> {
    const row = await this.get(SQL.feedState, [url]);
    return row ? toFeedState(row) : undefined;
  }

  async listFeedStates(): Promise<FeedState[]> {
    return (await this.all(SQL.feedStates)).map(toFeedState);
  }

  async updateFeedState(url: string, patch: Partial<Omit<FeedState, 'url'>>): Promise<FeedState> {
    await this.tx(async (db) => {
      await this.run('INSERT INTO feed_state (url) VALUES (?) ON CONFLICT DO NOTHING', [url], db);
      for (const [key, value] of Object.entries(patch)) {
        const column = FEED_COLUMNS[key as keyof typeof FEED_COLUMNS];
        if (!column || value === undefined) continue;
        await this.run(
          `UPDATE feed_state SET ${column} = ? WHERE url = ?`,
          [typeof value === 'boolean' ? (value ? 1 : 0) : value, url],
          db,
        );
      }
    });
    return (await this.getFeedState(url))!;
  }

  async seenItemKeys(feedUrl: string): Promise<Set<string>> {
    const rows = await this.all(SQL.seenItemKeys, [feedUrl]);
    return new Set(rows.map((r) => r.item_key as string));
  }

  async markItemsSeen(
    feedUrl: string,
    keys: Iterable<string>,
    outcome: string,
    now = Date.now(),
    title: string | null = null,
  ): Promise<void> {
    await this.tx((db) => this.markSeenIn(db, feedUrl, [...keys], outcome, now, title));
  }

  private async markSeenIn(
    db: Runner,
    feedUrl: string,
    keys: string[],
    outcome: string,
    now: number,
    title: string | null,
  ): Promise<void> {
    for (const key of keys) {
      await this.run(
        'INSERT INTO feed_seen (feed_url, item_key, seen_at, outcome, title) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [feedUrl, key, now, outcome, title],
        db,
      );
      await this.run(SQL.clearItemFailure, [feedUrl, key], db);
    }
  }

  async recordFeedItemAdded(
    feedUrl: string,
    keys: string[],
    documentId: string,
    now: number,
    title: string | null,
  ): Promise<void> {
    await this.tx(async (db) => {
      await this.markSeenIn(db, feedUrl, keys, `added:${documentId}`, now, title);
      await this.recordPendingIn(db, documentId, `feed ${feedUrl}`, now);
    });
  }

  async recordFeedItemFailure(
    feedUrl: string,
    itemKey: string,
    title: string | null,
    error: string,
    now = Date.now(),
  ): Promise<number> {
    const row = await this.get(
      `INSERT INTO feed_item_failures (feed_url, item_key, title, attempts, last_error, first_failed_at, last_failed_at)
       VALUES (?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (feed_url, item_key) DO UPDATE SET attempts = feed_item_failures.attempts + 1,
         last_error = excluded.last_error, last_failed_at = excluded.last_failed_at
       RETURNING attempts`,
      [feedUrl, itemKey, title, error, now, now],
    );
    return row.attempts;
  }

  async listFeedItemFailures(): Promise<FeedItemFailure[]> {
    return (await this.all(SQL.feedItemFailures)).map(toFeedItemFailure);
  }

  async skippedFeedItems(since: number): Promise<SkippedFeedItem[]> {
    const rows = await this.all(SQL.skippedFeedItems, [since]);
    return rows.map(toSkippedFeedItem);
  }

  // ---- announcement ledger -------------------------------------------------------------------

  async refreshUpdateDocument(documentId: string, summary: unknown): Promise<boolean> {
    return (await this.run(SQL.refreshUpdateDocument, [JSON.stringify(summary), documentId, documentId])) > 0;
  }

  async getUpdateDocument<T = unknown>(documentId: string): Promise<T | undefined> {
    const row = await this.get(SQL.updateDocument, [documentId]);
    return row ? (JSON.parse(row.summary) as T) : undefined;
  }

  async announcements(): Promise<Map<string, Announcement>> {
    const rows = (await this.all(SQL.announcementStates)) as {
      document_id: string;
      content_hash: string | null;
      state: AnnouncementState;
    }[];
    return new Map(
      rows.map((r) => [r.document_id, { documentId: r.document_id, contentHash: r.content_hash, state: r.state }]),
    );
  }

  async hasBaseline(): Promise<boolean> {
    return (await this.get(`SELECT 1 AS one FROM store_meta WHERE key = 'corpus_baseline_at'`)) !== undefined;
  }

  async recordBaseline(docs: { id: string; hash: string }[], now = Date.now()): Promise<void> {
    await this.tx(async (db) => {
      // Two bots on a fresh database record the baseline once: the second finds it already there.
      const claimed = await this.run(
        `INSERT INTO store_meta (key, value) VALUES ('corpus_baseline_at', ?) ON CONFLICT DO NOTHING`,
        [String(now)],
        db,
      );
      if (claimed === 0) return;
      for (const doc of docs) {
        await this.run(
          `INSERT INTO announcements (document_id, content_hash, state, source, recorded_at) VALUES (?, ?, 'known', 'first start', ?)
           ON CONFLICT DO NOTHING`,
          [doc.id, doc.hash, now],
          db,
        );
      }
    });
  }

  async recordContentHash(documentId: string, hash: string): Promise<void> {
    await this.run(SQL.setContentHash, [hash, documentId]);
  }

  async recordPending(documentId: string, source: string, now = Date.now()): Promise<void> {
    await this.recordPendingIn(this.pool, documentId, source, now);
  }

  private async recordPendingIn(db: Runner, documentId: string, source: string, now: number): Promise<void> {
    await this.run(
      `INSERT INTO announcements (document_id, state, source, recorded_at) VALUES (?, 'pending', ?, ?) ON CONFLICT DO NOTHING`,
      [documentId, source, now],
      db,
    );
  }

  async announceDocument(
    documentId: string,
    hash: string,
    now: number,
    summary: unknown,
    destinations: QueuedDestination[],
  ): Promise<{ announced: boolean; queued: number[] }> {
    return this.tx(async (db) => {
      // A concurrent announcer of the same document waits on this row, then sees 'announced' and stops.
      const won = await this.get(
        `INSERT INTO announcements (document_id, content_hash, state, recorded_at, announced_at) VALUES (?, ?, 'announced', ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET content_hash = excluded.content_hash, state = 'announced', announced_at = excluded.announced_at
         WHERE announcements.state <> 'announced'
         RETURNING document_id`,
        [documentId, hash, now, now],
        db,
      );
      if (!won) return { announced: false, queued: [] };
      if (summary === undefined || destinations.length === 0) return { announced: true, queued: [] };
      await this.run(SQL.saveUpdateDocument, [documentId, JSON.stringify(summary), now], db);
      const queued: number[] = [];
      for (const dest of destinations) {
        const sub = await this.get(SQL.subscriptionById, [dest.subscriptionId], db);
        if (!sub) continue;
        const inserted = await this.run(
          `INSERT INTO deliveries (subscription_id, document_id, state, queued_at, next_attempt_at, target_key, mention_roles, filters)
           VALUES (?, ?, 'pending', ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [
            dest.subscriptionId,
            documentId,
            now,
            targetKey(toSubscription(sub)),
            JSON.stringify(dest.mentionRoles),
            JSON.stringify(dest.filters),
          ],
          db,
        );
        if (inserted > 0) queued.push(dest.subscriptionId);
      }
      return { announced: true, queued };
    });
  }

  // ---- deliveries ----------------------------------------------------------------------------

  async targetsWithDueDeliveries(now: number): Promise<string[]> {
    const rows = await this.all(SQL.targetsWithDueDeliveries, [now]);
    return rows.map((r) => r.key);
  }

  async listDeliveries(where: { subscriptionId?: number; state?: DeliveryState } = {}): Promise<Delivery[]> {
    const criteria: [string, unknown][] = [
      ['subscription_id', where.subscriptionId],
      ['state', where.state],
    ];
    const given = criteria.filter(([, value]) => value !== undefined);
    const sql = given.length ? `WHERE ${given.map(([column]) => `${column} = ?`).join(' AND ')}` : '';
    return (
      await this.all(
        `SELECT * FROM deliveries ${sql} ORDER BY id`,
        given.map(([, v]) => v),
      )
    ).map(toDelivery);
  }

  async subscriptionsForTarget(key: string): Promise<Subscription[]> {
    return (await this.listSubscriptions({ enabled: true })).filter((s) => targetKey(s) === key);
  }

  async claimDueDeliveries(options: ClaimOptions): Promise<Delivery[]> {
    const shard = shardCondition(options.shard);
    const rows = await this.all(
      `UPDATE deliveries SET claimed_by = ?, lease_until = ? WHERE id IN (
         SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
         WHERE d.state = 'pending' AND s.enabled = 1 AND d.next_attempt_at <= ?
           AND (d.lease_until IS NULL OR d.lease_until <= ?) ${shard.sql}
         ORDER BY d.id LIMIT ?
         FOR UPDATE OF d SKIP LOCKED)
       RETURNING *`,
      [options.worker, options.now + options.leaseMs, options.now, options.now, ...shard.params, options.limit ?? 500],
    );
    return rows.map(toDelivery).sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id);
  }

  async nextLeaseExpiry(now: number): Promise<number | null> {
    return (await this.get(SQL.nextLeaseExpiry, [now])).t;
  }

  async releaseClaims(deliveryIds: number[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.run(
      `UPDATE deliveries SET claimed_by = NULL, lease_until = NULL WHERE id = ANY(?) AND state = 'pending'`,
      [deliveryIds],
    );
  }

  async assignNonce(deliveryIds: number[], nonce: string): Promise<void> {
    await this.run(`UPDATE deliveries SET nonce = ? WHERE id = ANY(?) AND state = 'pending'`, [nonce, deliveryIds]);
  }

  async markSent(deliveryIds: number[], messageId: string, target: string, now: number): Promise<void> {
    await this.tx(async (db) => {
      const changed = await this.run(
        `UPDATE deliveries SET state = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, last_error = NULL,
           claimed_by = NULL, lease_until = NULL
         WHERE id = ANY(?) AND state = 'pending'`,
        [now, messageId, deliveryIds],
        db,
      );
      if (changed > 0) await this.run(SQL.logPost, [target, now], db);
    });
  }

  async markRetry(deliveryIds: number[], error: string, nextAttemptAt: number): Promise<void> {
    await this.run(
      `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_by = NULL, lease_until = NULL
       WHERE id = ANY(?) AND state = 'pending'`,
      [error, nextAttemptAt, deliveryIds],
    );
  }

  async markFailed(deliveryIds: number[], error: string): Promise<void> {
    await this.run(
      `UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?, claimed_by = NULL, lease_until = NULL
       WHERE id = ANY(?) AND state = 'pending'`,
      [error, deliveryIds],
    );
  }

  // ---- rate limiting -------------------------------------------------------------------------

  async countPostsSince(target: string, since: number): Promise<number> {
    return (await this.get(SQL.countPostsSince, [target, since])).n;
  }

  async oldestPostSince(target: string, since: number): Promise<number | null> {
    return (await this.get(SQL.oldestPostSince, [target, since])).t;
  }

  async prunePostLog(before: number): Promise<void> {
    await this.run(SQL.prunePostLog, [before]);
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
