import type { FeedState, NewSubscription } from './store.js';

/**
 * The SQL both stores run word for word, with `?` placeholders (the PostgreSQL store numbers them).
 * What the dialects write differently stays in each store, where the difference shows: `INSERT OR
 * IGNORE` vs `ON CONFLICT DO NOTHING`, `IN (…)` vs `= ANY(?)`, `FOR UPDATE SKIP LOCKED`, `RETURNING`.
 */
export const SQL = {
  insertSubscription:
    'INSERT INTO subscriptions (guild_id, kind, channel_id, user_id, filter, role_id, created_by, created_at) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  subscriptionById: 'SELECT * FROM subscriptions WHERE id = ?',
  deleteSubscription: 'DELETE FROM subscriptions WHERE id = ?',
  pendingDeliveriesTo: "SELECT * FROM deliveries WHERE target_key = ? AND state = 'pending' ORDER BY id",
  rehomeDelivery: 'UPDATE deliveries SET subscription_id = ?, mention_roles = ?, filters = ? WHERE id = ?',
  disableSubscription: 'UPDATE subscriptions SET enabled = 0, disabled_reason = ? WHERE id = ?',
  enableSubscription: 'UPDATE subscriptions SET enabled = 1, disabled_reason = NULL WHERE id = ?',
  feedState: 'SELECT * FROM feed_state WHERE url = ?',
  feedStates: 'SELECT * FROM feed_state ORDER BY url',
  seenItemKeys: 'SELECT item_key FROM feed_seen WHERE feed_url = ?',
  clearItemFailure: 'DELETE FROM feed_item_failures WHERE feed_url = ? AND item_key = ?',
  saveUpdateDocument:
    'INSERT INTO update_documents (document_id, summary, queued_at) VALUES (?, ?, ?) ' +
    'ON CONFLICT (document_id) DO UPDATE SET summary = excluded.summary',
  updateDocument: 'SELECT summary FROM update_documents WHERE document_id = ?',
  refreshUpdateDocument:
    'UPDATE update_documents SET summary = ? WHERE document_id = ? AND EXISTS ' +
    "(SELECT 1 FROM deliveries WHERE document_id = ? AND state = 'pending')",
  announcementStates: 'SELECT document_id, content_hash, state FROM announcements',
  setContentHash: 'UPDATE announcements SET content_hash = ? WHERE document_id = ?',
  feedItemFailures: 'SELECT * FROM feed_item_failures ORDER BY last_failed_at DESC',
  logPost: 'INSERT INTO post_log (target_key, posted_at) VALUES (?, ?)',
  countPostsSince: 'SELECT COUNT(*) AS n FROM post_log WHERE target_key = ? AND posted_at > ?',
  oldestPostSince: 'SELECT MIN(posted_at) AS t FROM post_log WHERE target_key = ? AND posted_at > ?',
  prunePostLog: 'DELETE FROM post_log WHERE posted_at <= ?',
  channelSubscription: "SELECT * FROM subscriptions WHERE kind = 'channel' AND channel_id = ? AND filter = ?",
  dmSubscription: "SELECT * FROM subscriptions WHERE kind = 'dm' AND user_id = ? AND filter = ?",
  targetsWithDueDeliveries:
    'SELECT d.target_key AS key, MIN(d.id) AS first FROM deliveries d JOIN subscriptions s ON s.id = ' +
    "d.subscription_id WHERE d.state = 'pending' AND s.enabled = 1 AND d.next_attempt_at <= ? GROUP " +
    'BY d.target_key ORDER BY first',
  skippedFeedItems:
    "SELECT feed_url, item_key, title, outcome, seen_at FROM feed_seen WHERE outcome LIKE 'skipped%' " +
    "AND seen_at >= ? AND item_key NOT LIKE 'link:%' ORDER BY seen_at DESC",
  nextLeaseExpiry: "SELECT MIN(lease_until) AS t FROM deliveries WHERE state = 'pending' AND lease_until > ?",
  recordAnnounced:
    'INSERT INTO announcements (document_id, content_hash, state, recorded_at, announced_at) VALUES ' +
    "(?, ?, 'announced', ?, ?) ON CONFLICT (document_id) DO UPDATE SET content_hash = " +
    "excluded.content_hash, state = 'announced', announced_at = excluded.announced_at",
} as const;

/** The column of each feed-state field, for the partial updates both stores make. */
export const FEED_COLUMNS = {
  etag: 'etag',
  lastModified: 'last_modified',
  initialized: 'initialized',
  lastPolledAt: 'last_polled_at',
  lastOkAt: 'last_ok_at',
  failingSince: 'failing_since',
  lastError: 'last_error',
  failures: 'failures',
  nextAttemptAt: 'next_attempt_at',
} as const satisfies Record<keyof Omit<FeedState, 'url'>, string>;

/** The values of `SQL.insertSubscription`, in its order. */
export function subscriptionValues(sub: NewSubscription, now: number): (string | number | null)[] {
  return [
    sub.guildId ?? null,
    sub.kind,
    sub.kind === 'channel' ? sub.channelId : null,
    sub.kind === 'dm' ? sub.userId : null,
    (sub.filter ?? '').trim(),
    sub.kind === 'channel' ? (sub.roleId ?? null) : null,
    sub.createdBy,
    now,
  ];
}
