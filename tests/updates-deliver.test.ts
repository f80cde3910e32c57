import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { Analyzer } from '../src/search/analyze.js';
import { Store, openStore, type Subscription } from '../src/store/index.js';
import {
  DeliveryError,
  classifyDeliveryError,
  deliverPending,
  DEFAULT_LEASE_MS,
  deliveryNonce,
  queueUpdates,
  type DeliveryTarget,
  type UpdatePost,
  type UpdateSender,
} from '../src/updates/index.js';

const analyzer = new Analyzer();
const HOUR = 3_600_000;

function doc(id: string, title: string, text: string): CorpusDocument {
  return {
    id,
    file: `${id}.md`,
    meta: {
      title,
      date: '2025-09-20',
      language: 'en',
      partial: false,
      url: `https://news.example/${id}`,
      publisher: 'Example News',
    },
    header: [],
    paragraphs: [text, 'Second paragraph.'],
  };
}

interface Sent {
  target: DeliveryTarget;
  post: UpdatePost;
  nonce: string;
}

/** A fake Discord: records sends, can fail the next sends with given errors, dedups by nonce like enforce_nonce. */
class FakeSender implements UpdateSender {
  sent: Sent[] = [];
  failures: unknown[] = [];
  disabled: { subscription: Subscription; reason: string }[] = [];
  private byNonce = new Map<string, string>();
  async send(target: DeliveryTarget, post: UpdatePost, nonce: string) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const existing = this.byNonce.get(nonce);
    if (existing) return { messageId: existing };
    const messageId = `m${this.sent.length + 1}`;
    this.byNonce.set(nonce, messageId);
    this.sent.push({ target, post, nonce });
    return { messageId };
  }
  async notifyDisabled(subscription: Subscription, reason: string) {
    this.disabled.push({ subscription, reason });
  }
}

let store: Store;
beforeEach(() => {
  store = Store.open(':memory:');
});
afterEach(() => store.close());

describe('queueUpdates', () => {
  it('queues matching enabled subscriptions only, idempotently', async () => {
    const all = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    const fent = store.addSubscription({ kind: 'dm', userId: 'u2', filter: 'fentanyl', createdBy: 'u2' });
    const off = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c2', createdBy: 'u' });
    store.disableSubscription(off.id, 'test');
    const docs = [doc('a', 'Fentanyl seizures', 'Seizures of fentanyl rose.'), doc('b', 'Arms', 'Arms trafficking.')];
    const queued = await queueUpdates(store, docs, analyzer, {
      quotesFor: (d) => [
        { text: `quote of ${d.id}`, speaker: { name: 'Rubio', role: 'Secretary of State' }, paragraph: 1 },
      ],
    });
    expect(queued).toEqual([
      { subscriptionId: all.id, documentId: 'a' },
      { subscriptionId: fent.id, documentId: 'a' },
      { subscriptionId: all.id, documentId: 'b' },
    ]);
    expect(await queueUpdates(store, docs, analyzer)).toEqual([]);
    expect(store.getUpdateDocument('a')).toMatchObject({
      title: 'Fentanyl seizures',
      lead: 'Seizures of fentanyl rose.',
    });
  });
});

describe('deliverPending', () => {
  it('sends one post per document, marks it sent, and sends nothing the second time', async () => {
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', roleId: 'r1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'Text a.')], analyzer, { now: 1 });
    const sender = new FakeSender();
    const report = await deliverPending({ store, sender, now: 10 });
    expect(report.sent).toHaveLength(1);
    expect(sender.sent[0]?.target).toEqual({ kind: 'channel', channelId: 'c1' });
    expect(sender.sent[0]?.post).toMatchObject({
      kind: 'document',
      mentionRoleIds: ['r1'],
      document: { documentId: 'a', title: 'A' },
    });
    expect(sender.sent[0]?.nonce).toBe(deliveryNonce('channel:c1', ['a']));
    expect(sender.sent[0]?.nonce.length).toBeLessThanOrEqual(25);
    expect(store.listDeliveries()[0]).toMatchObject({ state: 'sent', messageId: 'm1', sentAt: 10 });
    const again = await deliverPending({ store, sender, now: 20 });
    expect(again.sent).toEqual([]);
    expect(sender.sent).toHaveLength(1);
  });

  it('turns a burst into one digest post per subscription', async () => {
    const a = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    const b = store.addSubscription({ kind: 'dm', userId: 'u9', createdBy: 'u9' });
    const docs = Array.from({ length: 20 }, (_, i) => doc(`d${i}`, `Doc ${i}`, `Text ${i}.`));
    await queueUpdates(store, docs, analyzer, { now: 1 });
    const sender = new FakeSender();
    const report = await deliverPending({ store, sender, now: 10, maxDocumentsPerDigest: 25 });
    expect(report.sent).toHaveLength(2);
    expect(sender.sent.map((s) => s.post.kind)).toEqual(['digest', 'digest']);
    const first = sender.sent[0]?.post;
    expect(first?.kind === 'digest' && first?.documents.map((d) => d.documentId)).toEqual(docs.map((d) => d.id));
    expect(sender.sent[1]?.target).toEqual({ kind: 'dm', userId: 'u9' });
    expect(sender.sent[1]?.post.mentionRoleIds).toEqual([]);
    expect(store.listDeliveries({ state: 'sent' })).toHaveLength(40);
    expect(new Set(store.listDeliveries({ subscriptionId: a.id }).map((d) => d.messageId))).toEqual(new Set(['m1']));
    expect(new Set(store.listDeliveries({ subscriptionId: b.id }).map((d) => d.messageId))).toEqual(new Set(['m2']));
  });

  it('caps posts per channel per hour; the rest wait and go out later', async () => {
    const sub = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    const sender = new FakeSender();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      await queueUpdates(store, [doc(`d${i}`, `Doc ${i}`, 'x.')], analyzer, { now: t0 + i * 60_000 });
      await deliverPending({ store, sender, now: t0 + i * 60_000, maxPostsPerChannelPerHour: 2 });
    }
    expect(sender.sent).toHaveLength(2);
    const held = await deliverPending({ store, sender, now: t0 + 10 * 60_000, maxPostsPerChannelPerHour: 2 });
    expect(held.waiting).toEqual([{ subscriptionId: sub.id, documentIds: ['d2'], until: t0 + HOUR }]);
    await queueUpdates(store, [doc('d3', 'Doc 3', 'x.')], analyzer, { now: t0 + 20 * 60_000 });
    expect(store.listDeliveries({ state: 'pending' })).toHaveLength(2);
    // After the window frees up, the waiting documents go out together as one digest.
    const later = await deliverPending({ store, sender, now: t0 + HOUR + 1, maxPostsPerChannelPerHour: 2 });
    expect(later.sent).toHaveLength(1);
    expect(later.sent[0]?.documentIds).toEqual(['d2', 'd3']);
    expect(store.listDeliveries({ state: 'pending' })).toEqual([]);
  });

  it('retries 429 and 5xx with backoff, reusing the nonce', async () => {
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer, { now: 0 });
    const sender = new FakeSender();
    sender.failures.push(new DeliveryError('Service Unavailable', { status: 503 }));
    sender.failures.push(Object.assign(new Error('You are being rate limited.'), { status: 429, retryAfter: 120_000 }));
    const r1 = await deliverPending({ store, sender, now: 1000 });
    expect(r1.retrying).toEqual([
      expect.objectContaining({ nextAttemptAt: 1000 + 30_000, reason: expect.stringContaining('503') }),
    ]);
    expect(store.listDeliveries()[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('503'),
    });
    const nonce = store.listDeliveries()[0]?.nonce;
    // Not due yet: nothing happens.
    expect((await deliverPending({ store, sender, now: 2000 })).retrying).toEqual([]);
    // A new document arriving meanwhile does not change the retried group or its nonce.
    await queueUpdates(store, [doc('b', 'B', 'y.')], analyzer, { now: 3000 });
    const r2 = await deliverPending({ store, sender, now: 31_000 });
    expect(r2.retrying[0]?.nextAttemptAt).toBe(31_000 + 120_000); // retry_after beats backoff
    expect(r2.retrying[0]?.documentIds).toEqual(['a']);
    const r3 = await deliverPending({ store, sender, now: 200_000 });
    expect(r3.sent).toEqual([expect.objectContaining({ documentIds: ['a'], nonce })]);
    const r4 = await deliverPending({ store, sender, now: 200_001 });
    expect(r4.sent[0]?.documentIds).toEqual(['b']);
  });

  it('gives up after maxAttempts and reports the failure', async () => {
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer, { now: 0 });
    const sender = new FakeSender();
    sender.failures.push(new Error('ECONNRESET'), new Error('ECONNRESET'));
    await deliverPending({ store, sender, now: 1, maxAttempts: 2, backoffMs: () => 10 });
    const r = await deliverPending({ store, sender, now: 100, maxAttempts: 2, backoffMs: () => 10 });
    expect(r.failed).toEqual([
      expect.objectContaining({ documentIds: ['a'], reason: expect.stringMatching(/gave up after 2 attempts/) }),
    ]);
    expect(store.listDeliveries()[0]).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it.each([
    [{ status: 404, code: 10003 }, /Unknown Channel/],
    [{ status: 403, code: 50001 }, /Missing Access/],
    [{ status: 403, code: 50013 }, /Missing Permissions/],
    [{ status: 403 }, /403/],
    [{ status: 404 }, /404/],
  ])('disables the subscription and notifies on %o', async (details, reason) => {
    const sub = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'x.'), doc('b', 'B', 'y.')], analyzer, { now: 0 });
    const sender = new FakeSender();
    sender.failures.push(new DeliveryError('nope', details));
    const r = await deliverPending({ store, sender, now: 1 });
    expect(r.disabled).toEqual([{ subscriptionId: sub.id, reason: expect.stringMatching(reason), notified: true }]);
    expect(sender.disabled).toHaveLength(1);
    expect(sender.disabled[0]?.subscription).toMatchObject({ id: sub.id, enabled: false });
    expect(store.getSubscription(sub.id)).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(reason),
    });
    expect(store.listDeliveries({ state: 'pending' })).toEqual([]);
    // A disabled subscription gets nothing new.
    expect(await queueUpdates(store, [doc('c', 'C', 'z.')], analyzer)).toEqual([]);
  });

  it('reports a failing notifyDisabled instead of throwing', async () => {
    store.addSubscription({ kind: 'dm', userId: 'u1', createdBy: 'u1' });
    await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer);
    const sender = new FakeSender();
    sender.failures.push(new DeliveryError('Cannot send messages to this user', { status: 403, code: 50007 }));
    sender.notifyDisabled = async () => {
      throw new Error('DMs closed');
    };
    const r = await deliverPending({ store, sender });
    expect(r.disabled[0]).toMatchObject({ notified: false, notifyError: 'DMs closed' });
  });

  it('fails other 4xx with the reason', async () => {
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer);
    const sender = new FakeSender();
    sender.failures.push(new DeliveryError('Invalid Form Body', { status: 400, code: 50035 }));
    const r = await deliverPending({ store, sender });
    expect(r.failed).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/400, code 50035.*Invalid Form Body/) }),
    ]);
    expect(store.listDeliveries()[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('Invalid Form Body'),
    });
    expect(store.getSubscription(1)?.enabled).toBe(true);
  });
});

describe('classifyDeliveryError', () => {
  it('classifies by Discord code, then HTTP status', () => {
    expect(classifyDeliveryError({ status: 429, retry_after: 1.5, message: 'x' })).toMatchObject({
      action: 'retry',
      retryAfterMs: 1500,
    });
    expect(classifyDeliveryError({ status: 502 })).toMatchObject({ action: 'retry' });
    expect(classifyDeliveryError(new Error('socket hang up'))).toMatchObject({ action: 'retry' });
    expect(classifyDeliveryError({ status: 403, code: 50013 })).toMatchObject({ action: 'disable' });
    expect(classifyDeliveryError({ status: 400, code: 10003 })).toMatchObject({ action: 'disable' });
    expect(classifyDeliveryError({ status: 400, code: 50035 })).toMatchObject({ action: 'fail' });
    expect(classifyDeliveryError({ status: 413 })).toMatchObject({ action: 'fail' });
  });
});

describe('restart safety', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-restart-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('queued but unsent deliveries survive a crash and are sent exactly once', async () => {
    let s = openStore(dir);
    s.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    s.addSubscription({ kind: 'dm', userId: 'u2', createdBy: 'u2' });
    await queueUpdates(s, [doc('a', 'A', 'x.')], analyzer, { now: 1 });
    s.close(); // crash before sending

    s = openStore(dir);
    const sender = new FakeSender();
    expect((await deliverPending({ store: s, sender, now: 2 })).sent).toHaveLength(2);
    s.close();

    s = openStore(dir);
    expect((await deliverPending({ store: s, sender, now: 3 })).sent).toHaveLength(0);
    expect(sender.sent).toHaveLength(2);
    s.close();
  });

  it('a crash after Discord accepted but before marking sent resends with the same nonce (deduplicated)', async () => {
    let s = openStore(dir);
    s.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(s, [doc('a', 'A', 'x.'), doc('b', 'B', 'y.')], analyzer, { now: 1 });
    const sender = new FakeSender();
    // Simulate: the send reaches Discord, then the process dies before markSent.
    const crashing: UpdateSender = {
      send: async (target, post, nonce) => {
        await sender.send(target, post, nonce);
        s.close();
        throw new Error('process died');
      },
      notifyDisabled: async () => {},
    };
    await expect(deliverPending({ store: s, sender: crashing, now: 2 })).rejects.toThrow();
    s = openStore(dir);
    expect(s.listDeliveries({ state: 'pending' })).toHaveLength(2);
    // The dead process still holds them until its lease runs out; then the next run takes them over.
    expect((await deliverPending({ store: s, sender, now: 3 })).sent).toEqual([]);
    const r = await deliverPending({ store: s, sender, now: 2 + DEFAULT_LEASE_MS });
    expect(r.sent).toEqual([expect.objectContaining({ messageId: 'm1', documentIds: ['a', 'b'] })]);
    expect(sender.sent).toHaveLength(1); // the fake Discord saw the nonce again and did not post twice
    s.close();
  });
});

describe('disable reasons', () => {
  it('says the HTTP status once, even when the error message starts with it', () => {
    const verdict = classifyDeliveryError(Object.assign(new Error('404: Not Found'), { status: 404 }));
    expect(verdict).toEqual({ action: 'disable', reason: 'the destination was not found (404 Not Found)' });
    expect(classifyDeliveryError(Object.assign(new Error('403: Forbidden'), { status: 403 }))).toMatchObject({
      reason: 'the bot is not allowed to post there (403: Forbidden)',
    });
  });
});

describe('one post per destination', () => {
  it('two subscriptions of one channel matching one document queue one delivery carrying both roles and filters', async () => {
    const a = store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', roleId: 'r1', createdBy: 'u' });
    store.addSubscription({
      kind: 'channel',
      guildId: 'g',
      channelId: 'c1',
      filter: 'fentanyl',
      roleId: 'r2',
      createdBy: 'u',
    });
    const queued = await queueUpdates(store, [doc('a', 'Fentanyl seizures', 'Seizures of fentanyl rose.')], analyzer, {
      now: 1,
    });
    expect(queued).toEqual([{ subscriptionId: a.id, documentId: 'a' }]);
    const sender = new FakeSender();
    await deliverPending({ store, sender, now: 10 });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]?.post).toMatchObject({
      kind: 'document',
      mentionRoleIds: ['r1', 'r2'],
      filters: ['', 'fentanyl'],
    });
  });

  it('a document the ledger knows is never queued again, even for a subscription added later', async () => {
    store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c1', createdBy: 'u' });
    await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer);
    store.addSubscription({ kind: 'dm', userId: 'u2', createdBy: 'u2' });
    expect(await queueUpdates(store, [doc('a', 'A', 'x.')], analyzer)).toEqual([]);
    expect(store.announcements().get('a')).toMatchObject({ state: 'announced' });
  });
});
