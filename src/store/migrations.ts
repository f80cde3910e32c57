import type Database from 'better-sqlite3';

/**
 * Schema migrations, in order. Migration `i` (0-based) takes the database from
 * `user_version = i` to `user_version = i + 1`. Never edit a released migration: append.
 * All times are milliseconds since the epoch (INTEGER).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: subscriptions and feed state.
  `
  CREATE TABLE subscriptions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('channel', 'dm')),
    channel_id      TEXT,
    user_id         TEXT,
    filter          TEXT NOT NULL DEFAULT '',
    role_id         TEXT,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT,
    CHECK ((kind = 'channel' AND channel_id IS NOT NULL) OR (kind = 'dm' AND user_id IS NOT NULL))
  );
  CREATE INDEX subscriptions_guild ON subscriptions (guild_id);
  CREATE INDEX subscriptions_user ON subscriptions (user_id);

  CREATE TABLE feed_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    initialized   INTEGER NOT NULL DEFAULT 0,
    last_polled_at INTEGER,
    last_ok_at    INTEGER,
    failing_since INTEGER,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER
  );

  CREATE TABLE feed_seen (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    seen_at  INTEGER NOT NULL,
    outcome  TEXT,
    PRIMARY KEY (feed_url, item_key)
  ) WITHOUT ROWID;
  `,
  // 2: deliveries and the post log used for per-channel rate limiting.
  `
  CREATE TABLE update_documents (
    document_id TEXT PRIMARY KEY,
    summary     TEXT NOT NULL,
    queued_at   INTEGER NOT NULL
  );

  CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    document_id     TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    nonce           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    queued_at       INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    message_id      TEXT,
    UNIQUE (subscription_id, document_id)
  );
  CREATE INDEX deliveries_pending ON deliveries (state, subscription_id);

  CREATE TABLE post_log (
    target_key TEXT NOT NULL,
    posted_at  INTEGER NOT NULL
  );
  CREATE INDEX post_log_target ON post_log (target_key, posted_at);
  `,
  // 3: the announcement ledger, one post per destination, feed item failures.
  `
  CREATE TABLE announcements (
    document_id  TEXT PRIMARY KEY,
    content_hash TEXT,
    state        TEXT NOT NULL CHECK (state IN ('known', 'pending', 'announced')),
    source       TEXT,
    recorded_at  INTEGER NOT NULL,
    announced_at INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  ALTER TABLE deliveries ADD COLUMN target_key TEXT;
  ALTER TABLE deliveries ADD COLUMN mention_roles TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE deliveries ADD COLUMN filters TEXT NOT NULL DEFAULT '[]';
  UPDATE deliveries SET target_key = (
    SELECT CASE s.kind WHEN 'channel' THEN 'channel:' || s.channel_id ELSE 'dm:' || s.user_id END
    FROM subscriptions s WHERE s.id = deliveries.subscription_id
  );
  CREATE INDEX deliveries_target ON deliveries (target_key, document_id);

  ALTER TABLE feed_seen ADD COLUMN title TEXT;

  CREATE TABLE feed_item_failures (
    feed_url        TEXT NOT NULL,
    item_key        TEXT NOT NULL,
    title           TEXT,
    attempts        INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    first_failed_at INTEGER NOT NULL,
    last_failed_at  INTEGER NOT NULL,
    PRIMARY KEY (feed_url, item_key)
  ) WITHOUT ROWID;
  `,
  // 4: deliveries claimed with a lease (several processes share one outbox); one delivery per
  // (destination, document) enforced by the database, not only by a check before inserting.
  `
  ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
  ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
  DROP INDEX deliveries_target;
  CREATE UNIQUE INDEX deliveries_target_document ON deliveries (target_key, document_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to `target` (default: latest), each migration in its own transaction.
 * Refuses a database newer than this code knows.
 */
export function migrate(db: Database.Database, target = MIGRATIONS.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this pactbot knows (${MIGRATIONS.length}); upgrade pactbot`,
    );
  }
  for (const [version, sql] of MIGRATIONS.entries()) {
    if (version < current || version >= target) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
