import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  Store,
  StoreUnavailableError,
  isBusyError,
  migrate,
  openStore,
} from '../src/store/index.js';
import { at } from './helpers/at.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('store migrations', () => {
  it('creates the latest schema on a fresh file, in WAL mode', () => {
    const store = openStore(dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'subscriptions',
        'feed_state',
        'feed_seen',
        'deliveries',
        'post_log',
        'update_documents',
      ]),
    );
    store.close();
    expect(fs.existsSync(path.join(dir, 'pactbot.sqlite'))).toBe(true);
    // Reopening is a no-op.
    const again = openStore(dir);
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('upgrades an older schema and keeps its data', () => {
    const file = path.join(dir, 'pactbot.sqlite');
    const old = new Database(file);
    migrate(old, 1);
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old
      .prepare(
        `INSERT INTO subscriptions (guild_id, kind, channel_id, filter, created_by, created_at) VALUES ('g', 'channel', 'c1', 'fentanyl', 'u1', 1)`,
      )
      .run();
    old.close();

    const store = Store.open(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    const sub = at(store.listSubscriptions(), 0);
    expect(sub).toMatchObject({ guildId: 'g', channelId: 'c1', filter: 'fentanyl', enabled: true });
    expect(store.queueDelivery(sub.id, 'doc-1')).toBe(true);
    store.close();
  });

  it('refuses a database from a newer pactbot', () => {
    const file = path.join(dir, 'new.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Store.open(file)).toThrow(/newer than this pactbot knows/);
  });
});

describe('store bookkeeping', () => {
  it('keeps subscriptions for channels and DMs', () => {
    const store = Store.open(':memory:');
    const a = store.addSubscription(
      { kind: 'channel', guildId: 'g1', channelId: 'c1', filter: ' cartel ', roleId: 'r1', createdBy: 'u1' },
      5,
    );
    const b = store.addSubscription({ kind: 'dm', userId: 'u2', createdBy: 'u2' });
    expect(a).toMatchObject({
      kind: 'channel',
      channelId: 'c1',
      userId: null,
      filter: 'cartel',
      roleId: 'r1',
      createdAt: 5,
      enabled: true,
    });
    expect(b).toMatchObject({ kind: 'dm', userId: 'u2', channelId: null, guildId: null, filter: '' });
    expect(store.listSubscriptions({ guildId: 'g1' }).map((s) => s.id)).toEqual([a.id]);
    expect(store.listSubscriptions({ userId: 'u2' }).map((s) => s.id)).toEqual([b.id]);
    store.disableSubscription(a.id, 'Missing Access');
    expect(store.getSubscription(a.id)).toMatchObject({ enabled: false, disabledReason: 'Missing Access' });
    expect(store.listSubscriptions({ enabled: true }).map((s) => s.id)).toEqual([b.id]);
    expect(store.removeSubscription(b.id)).toBe(true);
    expect(store.removeSubscription(b.id)).toBe(false);
    store.close();
  });

  it('queues each (subscription, document) pair once, ever', () => {
    const store = Store.open(':memory:');
    const sub = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', createdBy: 'u' });
    expect(store.queueDelivery(sub.id, 'd1', 1)).toBe(true);
    expect(store.queueDelivery(sub.id, 'd1', 2)).toBe(false);
    const d = at(store.pendingDeliveries(sub.id), 0);
    store.assignNonce([d.id], 'n1');
    store.markSent([d.id], 'm1', 'channel:c', 3);
    expect(store.queueDelivery(sub.id, 'd1', 4)).toBe(false);
    expect(store.listDeliveries({ state: 'sent' })).toEqual([
      expect.objectContaining({ documentId: 'd1', nonce: 'n1', messageId: 'm1', sentAt: 3, attempts: 1 }),
    ]);
    // markSent never touches a row twice.
    store.markSent([d.id], 'm2', 'channel:c', 5);
    expect(store.listDeliveries()[0]?.messageId).toBe('m1');
    // …and a second markSent (a worker whose lease ran out, finishing late) does not count a second post.
    expect(store.countPostsSince('channel:c', 0)).toBe(1);
    store.close();
  });

  it('removing a subscription removes its deliveries', () => {
    const store = Store.open(':memory:');
    const sub = store.addSubscription({ kind: 'dm', userId: 'u', createdBy: 'u' });
    store.queueDelivery(sub.id, 'd1');
    store.removeSubscription(sub.id);
    expect(store.listDeliveries()).toEqual([]);
    store.close();
  });

  it('keeps feed state and seen items', () => {
    const store = Store.open(':memory:');
    expect(store.getFeedState('https://x/feed')).toBeUndefined();
    store.updateFeedState('https://x/feed', { etag: '"abc"', initialized: true, lastPolledAt: 10 });
    store.updateFeedState('https://x/feed', {
      failingSince: 20,
      lastError: 'HTTP 500',
      failures: 1,
      nextAttemptAt: 80,
    });
    expect(store.getFeedState('https://x/feed')).toMatchObject({
      etag: '"abc"',
      initialized: true,
      lastPolledAt: 10,
      failingSince: 20,
      lastError: 'HTTP 500',
      failures: 1,
      nextAttemptAt: 80,
    });
    store.updateFeedState('https://x/feed', { failingSince: null, lastError: null, failures: 0 });
    expect(store.getFeedState('https://x/feed')).toMatchObject({ failingSince: null, lastError: null, failures: 0 });
    store.markItemsSeen('https://x/feed', ['a', 'b'], 'initial');
    store.markItemsSeen('https://x/feed', ['b', 'c'], 'filtered');
    expect([...store.seenItemKeys('https://x/feed')].sort()).toEqual(['a', 'b', 'c']);
    store.close();
  });
});

describe('subscription lookups', () => {
  it('finds duplicates and lists by creator', () => {
    const store = Store.open(':memory:');
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', filter: 'cartel', createdBy: 'u1' });
    expect(
      store.findSameSubscription({
        kind: 'channel',
        guildId: 'g',
        channelId: 'c',
        filter: ' cartel ',
        createdBy: 'u2',
      }),
    ).toBeDefined();
    expect(
      store.findSameSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', filter: 'sig', createdBy: 'u2' }),
    ).toBeUndefined();
    expect(store.findSameSubscription({ kind: 'dm', userId: 'c', filter: 'cartel', createdBy: 'c' })).toBeUndefined();
    expect(store.listSubscriptions({ createdBy: 'u1', kind: 'channel' })).toHaveLength(1);
    store.close();
  });
});

describe('announcement ledger and database health', () => {
  it('records a first-start baseline as known, once; pending documents stay pending until announced', () => {
    const store = openStore(dir);
    expect(store.hasBaseline()).toBe(false);
    store.recordBaseline([{ id: 'a', hash: 'h1' }]);
    expect(store.hasBaseline()).toBe(true);
    store.recordPending('b', 'feed');
    store.recordPending('a', 'feed'); // never downgrades a known document
    expect([...store.announcements().values()].map((e) => [e.documentId, e.state])).toEqual(
      expect.arrayContaining([
        ['a', 'known'],
        ['b', 'pending'],
      ]),
    );
    store.recordAnnounced('b', 'h2');
    expect(store.announcements().get('b')).toMatchObject({ state: 'announced', contentHash: 'h2' });
    store.close();
  });

  it('refuses writes once its file was deleted, with a clear error, instead of losing them', () => {
    const store = openStore(dir);
    store.addSubscription({ kind: 'dm', userId: 'u', createdBy: 'u' });
    expect(store.fileProblem()).toBeUndefined();
    fs.rmSync(path.join(dir, 'pactbot.sqlite'));
    expect(store.fileProblem()).toMatch(/deleted or replaced while the bot was running/);
    expect(() => store.addSubscription({ kind: 'dm', userId: 'v', createdBy: 'v' })).toThrow(StoreUnavailableError);
    store.close();
  });

  it('gives up on a lock held by another connection within a fraction of a second (busy, not blocked)', () => {
    const store = openStore(dir);
    const other = new Database(path.join(dir, 'pactbot.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const started = Date.now();
    let error: unknown;
    try {
      store.addSubscription({ kind: 'dm', userId: 'u', createdBy: 'u' });
    } catch (e) {
      error = e;
    }
    const waited = Date.now() - started;
    other.exec('ROLLBACK');
    other.close();
    expect(isBusyError(error)).toBe(true);
    expect(waited).toBeLessThan(1000);
    expect(store.listSubscriptions()).toHaveLength(0);
    store.close();
  });
});
