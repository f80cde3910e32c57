/**
 * The PostgreSQL dialect of `MIGRATIONS` (src/store/migrations.ts): the same four steps, the same
 * tables and columns, so one set of store tests holds for both. Times are milliseconds (BIGINT),
 * flags INTEGER 0/1 as in SQLite. Never edit a released migration: append to both lists.
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: subscriptions and feed state.
  `
  CREATE TABLE subscriptions (
    id              BIGSERIAL PRIMARY KEY,
    guild_id        TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('channel', 'dm')),
    channel_id      TEXT,
    user_id         TEXT,
    filter          TEXT NOT NULL DEFAULT '',
    role_id         TEXT,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT,
    CHECK ((kind = 'channel' AND channel_id IS NOT NULL) OR (kind = 'dm' AND user_id IS NOT NULL))
  );
  CREATE INDEX subscriptions_guild ON subscriptions (guild_id);
  CREATE INDEX subscriptions_user ON subscriptions (user_id);

  CREATE TABLE feed_state (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    initialized     INTEGER NOT NULL DEFAULT 0,
    last_polled_at  BIGINT,
    last_ok_at      BIGINT,
    failing_since   BIGINT,
    last_error      TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT
  );

  CREATE TABLE feed_seen (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    seen_at  BIGINT NOT NULL,
    outcome  TEXT,
    PRIMARY KEY (feed_url, item_key)
  );
  `,
  // 2: deliveries and the post log used for per-channel rate limiting.
  `
  CREATE TABLE update_documents (
    document_id TEXT PRIMARY KEY,
    summary     TEXT NOT NULL,
    queued_at   BIGINT NOT NULL
  );

  CREATE TABLE deliveries (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    document_id     TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    nonce           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    queued_at       BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    message_id      TEXT,
    UNIQUE (subscription_id, document_id)
  );
  CREATE INDEX deliveries_pending ON deliveries (state, subscription_id);

  CREATE TABLE post_log (
    target_key TEXT NOT NULL,
    posted_at  BIGINT NOT NULL
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
    recorded_at  BIGINT NOT NULL,
    announced_at BIGINT
  );

  CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  ALTER TABLE deliveries ADD COLUMN target_key TEXT;
  ALTER TABLE deliveries ADD COLUMN mention_roles TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE deliveries ADD COLUMN filters TEXT NOT NULL DEFAULT '[]';
  CREATE INDEX deliveries_target ON deliveries (target_key, document_id);

  ALTER TABLE feed_seen ADD COLUMN title TEXT;

  CREATE TABLE feed_item_failures (
    feed_url        TEXT NOT NULL,
    item_key        TEXT NOT NULL,
    title           TEXT,
    attempts        INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    first_failed_at BIGINT NOT NULL,
    last_failed_at  BIGINT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
  );
  `,
  // 4: deliveries claimed with a lease; one delivery per (destination, document) enforced by the database.
  `
  ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
  ALTER TABLE deliveries ADD COLUMN lease_until BIGINT;
  DROP INDEX deliveries_target;
  CREATE UNIQUE INDEX deliveries_target_document ON deliveries (target_key, document_id);
  CREATE INDEX deliveries_claimable ON deliveries (state, next_attempt_at) WHERE state = 'pending';
  `,
];
