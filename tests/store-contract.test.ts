/**
 * One set of store tests, run against both stores: SQLite (the embedded default) and PostgreSQL
 * (DATABASE_URL). PostgreSQL comes from TEST_DATABASE_URL (.ci/run starts one); without a server
 * the PostgreSQL half is skipped with a message — except in CI, where it must run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, PgStore, Store, type StateStore } from '../src/store/index.js';
import { postgresAvailable, scratchDatabase } from './helpers/postgres.js';
import { at } from './helpers/at.js';

interface Harness {
  /** A store on a fresh database. */
  open(): Promise<StateStore>;
  /** A second, independent connection to the same database (another process, in effect). */
  openAgain(): Promise<StateStore>;
  schemaVersion(store: StateStore): Promise<number>;
  cleanup(): Promise<void>;
}

function sqliteHarness(): Harness {
  let dir: string | undefined;
  const opened: StateStore[] = [];
  const file = () => path.join(dir!, 'pactbot.sqlite');
  return {
    async open() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-contract-'));
      const store = Store.open(file());
      opened.push(store);
      return store;
    },
    async openAgain() {
      const store = Store.open(file());
      opened.push(store);
      return store;
    },
    async schemaVersion(store) {
      return (store as Store).schemaVersion;
    },
    async cleanup() {
      for (const s of opened.splice(0)) await s.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresHarness(): Harness {
  let db: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  const opened: StateStore[] = [];
  return {
    async open() {
      db = await scratchDatabase();
      const store = await PgStore.open(db.url);
      opened.push(store);
      return store;
    },
    async openAgain() {
      const store = await PgStore.open(db!.url);
      opened.push(store);
      return store;
    },
    async schemaVersion(store) {
      return (store as PgStore).schemaVersion();
    },
    async cleanup() {
      for (const s of opened.splice(0)) await s.close();
      await db?.drop();
    },
  };
}

const pgUp = await postgresAvailable();

/** A guild id that Discord routes to `shard` of `count`: (guild_id >> 22) % count === shard. */
function guildOnShard(shard: number, count: number, n = 1_000_000): string {
  return ((BigInt(n) * BigInt(count) + BigInt(shard)) << 22n).toString();
}

const LEASE = 60_000;

describe.each([
  { name: 'SQLite', make: sqliteHarness, run: true },
  { name: 'PostgreSQL', make: postgresHarness, run: pgUp },
])('$name store', ({ make, run }) => {
  const h = make();
  afterEach(() => h.cleanup());

  it.runIf(run)('migrates a new database to the latest schema, and reopening changes nothing', async () => {
    const store = await h.open();
    expect(await h.schemaVersion(store)).toBe(MIGRATIONS.length);
    await store.addSubscription({ kind: 'dm', userId: 'u1', createdBy: 'u1' });
    const again = await h.openAgain();
    expect(await h.schemaVersion(again)).toBe(MIGRATIONS.length);
    expect(await again.listSubscriptions()).toHaveLength(1);
  });

  it.runIf(run)(
    'keeps subscriptions: add, find the same, list, disable with a reason, enable, remove with its deliveries',
    async () => {
      const store = await h.open();
      const ch = await store.addSubscription(
        { kind: 'channel', guildId: 'g1', channelId: 'c1', filter: ' cartel ', roleId: 'r1', createdBy: 'u1' },
        5,
      );
      const dm = await store.addSubscription({ kind: 'dm', userId: 'u2', createdBy: 'u2' }, 6);
      expect(ch).toMatchObject({
        kind: 'channel',
        guildId: 'g1',
        channelId: 'c1',
        filter: 'cartel',
        roleId: 'r1',
        createdAt: 5,
        enabled: true,
      });
      expect(
        await store.findSameSubscription({
          kind: 'channel',
          guildId: 'g1',
          channelId: 'c1',
          filter: 'cartel',
          createdBy: 'x',
        }),
      ).toMatchObject({ id: ch.id });
      expect(
        await store.findSameSubscription({ kind: 'dm', userId: 'u2', filter: 'other', createdBy: 'u2' }),
      ).toBeUndefined();
      expect((await store.listSubscriptions({ guildId: 'g1' })).map((s) => s.id)).toEqual([ch.id]);
      expect((await store.listSubscriptions({ kind: 'dm' })).map((s) => s.id)).toEqual([dm.id]);

      await store.announceDocument('d1', 'h1', 10, { title: 'D1' }, [
        { subscriptionId: ch.id, mentionRoles: ['r1'], filters: ['cartel'] },
      ]);
      await store.disableSubscription(ch.id, 'channel deleted');
      expect(await store.getSubscription(ch.id)).toMatchObject({ enabled: false, disabledReason: 'channel deleted' });
      expect(await store.listDeliveries({ state: 'failed' })).toEqual([
        expect.objectContaining({ documentId: 'd1', lastError: 'subscription disabled: channel deleted' }),
      ]);
      await store.enableSubscription(ch.id);
      expect(await store.listSubscriptions({ enabled: true })).toHaveLength(2);
      expect(await store.removeSubscription(ch.id)).toBe(true);
      expect(await store.removeSubscription(ch.id)).toBe(false);
      expect(await store.listDeliveries()).toEqual([]);
    },
  );

  it.runIf(run)(
    "removing one of a destination's subscriptions leaves the post the others matched queued, without its role",
    async () => {
      const store = await h.open();
      const all = await store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', createdBy: 'u' });
      const sig = await store.addSubscription({
        kind: 'channel',
        guildId: 'g',
        channelId: 'c',
        filter: 'SIG',
        roleId: 'r-sig',
        createdBy: 'u',
      });
      const cartel = await store.addSubscription({
        kind: 'channel',
        guildId: 'g',
        channelId: 'c',
        filter: 'cartel',
        roleId: 'r-cartel',
        createdBy: 'u',
      });
      // One post for the channel, queued under #all, matched by all three.
      await store.announceDocument('d', 'h', 0, { title: 'D' }, [
        { subscriptionId: all.id, mentionRoles: ['r-sig', 'r-cartel'], filters: ['', 'SIG', 'cartel'] },
      ]);
      await store.removeSubscription(all.id);
      await store.removeSubscription(cartel.id);
      expect(await store.listDeliveries({ state: 'pending' })).toEqual([
        expect.objectContaining({ subscriptionId: sig.id, documentId: 'd', mentionRoles: ['r-sig'], filters: ['SIG'] }),
      ]);
      await store.removeSubscription(sig.id);
      expect(await store.listDeliveries()).toEqual([]);
    },
  );

  it.runIf(run)("refreshes a document's post summary only while a post about it is queued", async () => {
    const store = await h.open();
    const sub = await store.addSubscription({ kind: 'dm', userId: 'u', createdBy: 'u' });
    await store.announceDocument('d', 'h', 0, { title: 'Old' }, [
      { subscriptionId: sub.id, mentionRoles: [], filters: [''] },
    ]);
    expect(await store.refreshUpdateDocument('d', { title: 'New' })).toBe(true);
    expect(await store.getUpdateDocument('d')).toEqual({ title: 'New' });
    const [delivery] = await store.listDeliveries({ state: 'pending' });
    await store.markSent([delivery!.id], 'm1', `dm:u`, 1);
    expect(await store.refreshUpdateDocument('d', { title: 'Later' })).toBe(false);
    expect(await store.getUpdateDocument('d')).toEqual({ title: 'New' });
    expect(await store.refreshUpdateDocument('unknown', { title: 'X' })).toBe(false);
  });

  it.runIf(run)('keeps feed state, seen items, failures and skipped items', async () => {
    const store = await h.open();
    expect(await store.getFeedState('https://x/feed')).toBeUndefined();
    await store.updateFeedState('https://x/feed', { etag: '"abc"', initialized: true, lastPolledAt: 10 });
    await store.updateFeedState('https://x/feed', {
      failingSince: 20,
      lastError: 'HTTP 500',
      failures: 1,
      nextAttemptAt: 80,
    });
    expect(await store.getFeedState('https://x/feed')).toMatchObject({
      etag: '"abc"',
      initialized: true,
      lastPolledAt: 10,
      failingSince: 20,
      failures: 1,
      nextAttemptAt: 80,
    });
    expect(await store.recordFeedItemFailure('https://x/feed', 'i1', 'Item 1', 'timeout', 30)).toBe(1);
    expect(await store.recordFeedItemFailure('https://x/feed', 'i1', 'Item 1', 'HTTP 503', 40)).toBe(2);
    expect(await store.listFeedItemFailures()).toEqual([
      expect.objectContaining({
        itemKey: 'i1',
        attempts: 2,
        lastError: 'HTTP 503',
        firstFailedAt: 30,
        lastFailedAt: 40,
      }),
    ]);
    await store.recordFeedItemAdded('https://x/feed', ['i1', 'link:https://x/1'], 'doc-1', 50, 'Item 1');
    expect(await store.listFeedItemFailures()).toEqual([]);
    expect([...(await store.seenItemKeys('https://x/feed'))].sort()).toEqual(['i1', 'link:https://x/1']);
    expect((await store.announcements()).get('doc-1')).toMatchObject({ state: 'pending' });
    await store.markItemsSeen('https://x/feed', ['i2'], 'skipped: no link', 60, 'Item 2');
    expect(await store.skippedFeedItems(55)).toEqual([
      { feedUrl: 'https://x/feed', itemKey: 'i2', title: 'Item 2', reason: 'no link', at: 60 },
    ]);
  });

  it.runIf(run)(
    'the ledger: a first start records the corpus as known; a document is announced once, one delivery per destination',
    async () => {
      const store = await h.open();
      expect(await store.hasBaseline()).toBe(false);
      await store.recordBaseline([{ id: 'old', hash: 'h0' }], 1);
      expect(await store.hasBaseline()).toBe(true);
      expect((await store.announcements()).get('old')).toMatchObject({ state: 'known', contentHash: 'h0' });

      const a = await store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', createdBy: 'u' });
      const b = await store.addSubscription({
        kind: 'channel',
        guildId: 'g',
        channelId: 'c',
        filter: 'x',
        createdBy: 'u',
      });
      const first = await store.announceDocument('new', 'h1', 2, { title: 'New' }, [
        { subscriptionId: a.id, mentionRoles: ['r'], filters: ['', 'x'] },
        { subscriptionId: b.id, mentionRoles: [], filters: ['x'] }, // same channel: refused by the database
      ]);
      expect(first).toEqual({ announced: true, queued: [a.id] });
      expect(
        await store.announceDocument('new', 'h1', 3, { title: 'New' }, [
          { subscriptionId: b.id, mentionRoles: [], filters: [] },
        ]),
      ).toEqual({
        announced: false,
        queued: [],
      });
      expect(await store.listDeliveries()).toEqual([
        expect.objectContaining({
          documentId: 'new',
          targetKey: 'channel:c',
          mentionRoles: ['r'],
          filters: ['', 'x'],
          state: 'pending',
        }),
      ]);
      expect(await store.getUpdateDocument('new')).toEqual({ title: 'New' });
      // A pending entry (feed, /corpus add) is announced once too.
      await store.recordPending('fed', 'feed f', 4);
      expect((await store.announceDocument('fed', 'h2', 5, undefined, [])).announced).toBe(true);
      expect((await store.announceDocument('fed', 'h2', 6, undefined, [])).announced).toBe(false);
    },
  );

  it.runIf(run)('two processes seeing the same new document at once announce it once', async () => {
    const one = await h.open();
    const two = await h.openAgain();
    const sub = await one.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', createdBy: 'u' });
    const dest = [{ subscriptionId: sub.id, mentionRoles: [], filters: [''] }];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? one : two).announceDocument('same', 'h', 10, { title: 'Same' }, dest),
      ),
    );
    expect(results.filter((r) => r.announced)).toHaveLength(1);
    expect(await one.listDeliveries()).toHaveLength(1);
  });

  it.runIf(run)(
    'claims: a claimed delivery is nobody else’s until sent or its lease runs out; sent records the message id and one post',
    async () => {
      const one = await h.open();
      const two = await h.openAgain();
      const sub = await one.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c', createdBy: 'u' });
      await one.announceDocument('d', 'h', 0, { title: 'D' }, [
        { subscriptionId: sub.id, mentionRoles: [], filters: [''] },
      ]);

      const mine = await one.claimDueDeliveries({ worker: 'w1', now: 100, leaseMs: LEASE });
      expect(mine.map((d) => d.documentId)).toEqual(['d']);
      expect(await two.claimDueDeliveries({ worker: 'w2', now: 101, leaseMs: LEASE })).toEqual([]);
      await one.assignNonce([at(mine, 0).id], 'n-1');
      // w1 dies; after its lease w2 takes over, with the nonce w1 fixed.
      const taken = await two.claimDueDeliveries({ worker: 'w2', now: 100 + LEASE, leaseMs: LEASE });
      expect(taken).toEqual([expect.objectContaining({ documentId: 'd', nonce: 'n-1' })]);
      await two.markSent([at(taken, 0).id], 'msg-1', 'channel:c', 100 + LEASE);
      // w1 was only slow, and finishes too: nothing changes, the post counts once.
      await one.markSent([at(mine, 0).id], 'msg-1', 'channel:c', 100 + LEASE + 1);
      expect(await one.listDeliveries()).toEqual([
        expect.objectContaining({ state: 'sent', messageId: 'msg-1', sentAt: 100 + LEASE }),
      ]);
      expect(await one.countPostsSince('channel:c', 0)).toBe(1);
      expect(await one.claimDueDeliveries({ worker: 'w3', now: 10 * LEASE, leaseMs: LEASE })).toEqual([]);
    },
  );

  it.runIf(run)('claims: released, retried and capped deliveries come back at the right time', async () => {
    const store = await h.open();
    const sub = await store.addSubscription({ kind: 'dm', userId: 'u', createdBy: 'u' });
    await store.announceDocument('d', 'h', 0, { title: 'D' }, [
      { subscriptionId: sub.id, mentionRoles: [], filters: [''] },
    ]);
    const d = at(await store.claimDueDeliveries({ worker: 'w', now: 1, leaseMs: LEASE }), 0);
    await store.releaseClaims([d.id]);
    const [again] = await store.claimDueDeliveries({ worker: 'w2', now: 2, leaseMs: LEASE });
    expect(again?.id).toBe(d.id);
    await store.markRetry([d.id], '503', 500);
    expect(await store.claimDueDeliveries({ worker: 'w3', now: 499, leaseMs: LEASE })).toEqual([]);
    expect(await store.claimDueDeliveries({ worker: 'w3', now: 500, leaseMs: LEASE })).toEqual([
      expect.objectContaining({ attempts: 1, lastError: '503' }),
    ]);
    await store.markFailed([d.id], 'gone');
    expect(await store.listDeliveries({ state: 'failed' })).toHaveLength(1);
    expect(await store.oldestPostSince('dm:u', 0)).toBeNull();
  });

  it.runIf(run)('concurrent claimers never take the same delivery', async () => {
    const one = await h.open();
    const two = await h.openAgain();
    for (let i = 0; i < 20; i++) {
      const sub = await one.addSubscription({ kind: 'channel', guildId: 'g', channelId: `c${i}`, createdBy: 'u' });
      await one.announceDocument(`d${i}`, 'h', 0, { title: `D${i}` }, [
        { subscriptionId: sub.id, mentionRoles: [], filters: [''] },
      ]);
    }
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? one : two).claimDueDeliveries({ worker: `w${i}`, now: 1, leaseMs: LEASE, limit: 3 }),
      ),
    );
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
  });

  it.runIf(run)("a shard claims its own guilds' channel deliveries and any DM", async () => {
    const store = await h.open();
    const count = 2;
    const on0 = await store.addSubscription({
      kind: 'channel',
      guildId: guildOnShard(0, count),
      channelId: 'c0',
      createdBy: 'u',
    });
    const on1 = await store.addSubscription({
      kind: 'channel',
      guildId: guildOnShard(1, count),
      channelId: 'c1',
      createdBy: 'u',
    });
    const dm = await store.addSubscription({
      kind: 'dm',
      guildId: guildOnShard(1, count),
      userId: 'u',
      createdBy: 'u',
    });
    for (const sub of [on0, on1, dm]) {
      await store.announceDocument(`d${sub.id}`, 'h', 0, { title: 'D' }, [
        { subscriptionId: sub.id, mentionRoles: [], filters: [''] },
      ]);
    }
    const shard0 = await store.claimDueDeliveries({ worker: 's0', now: 1, leaseMs: LEASE, shard: { id: 0, count } });
    expect(shard0.map((d) => d.targetKey).sort()).toEqual(['channel:c0', 'dm:u']);
    const shard1 = await store.claimDueDeliveries({ worker: 's1', now: 1, leaseMs: LEASE, shard: { id: 1, count } });
    expect(shard1.map((d) => d.targetKey)).toEqual(['channel:c1']);
  });
});
