import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCorpusFile } from '../src/corpus/load-corpus.js';
import {
  addDocumentFromUrl,
  FeedPoller,
  isFeedDue,
  pollDueFeeds,
  pollFeed,
  type FeedConfig,
  type PollContext,
} from '../src/feeds/index.js';
import { Store } from '../src/store/index.js';
import { startLocalServer, type LocalServer } from './fixtures/feeds/local-server.js';
import { at } from './helpers/at.js';

// The local test server is on 127.0.0.1, which the fetch policy refuses unless allowed.
const LOCAL = ['127.0.0.1'];
const article = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures/articles', name));

interface Item {
  guid: string;
  title: string;
  link: string;
  description?: string;
  content?: string;
}

function rss(items: Item[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Local News</title><link>http://local/</link><description>test</description>
${items
  .map(
    (i) => `<item><title>${i.title}</title><link>${i.link}</link><guid isPermaLink="false">${i.guid}</guid>
<pubDate>Fri, 19 Sep 2025 14:30:00 -0600</pubDate><description>${i.description ?? ''}</description>
${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

let server: LocalServer;
let dir: string;
let store: Store;
let clock: number;
let ctx: PollContext;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-poll-'));
  store = Store.open(':memory:');
  clock = Date.parse('2025-09-20T12:00:00Z');
  ctx = { store, corpusDir: dir, now: () => clock, fetchOptions: { timeoutMs: 3000, allowHosts: LOCAL } };
  server.routes.clear();
  server.requests.length = 0;
  server.routes.set('/articles/frontera', {
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: article('frontera-extraditions.html'),
  });
  server.routes.set('/articles/diario', {
    headers: { 'content-type': 'text/html' },
    body: article('diario-acuerdo.html'),
  });
  server.routes.set('/articles/login', { headers: { 'content-type': 'text/html' }, body: article('no-article.html') });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const feed = (pathname: string, extra: Partial<FeedConfig> = {}): FeedConfig => ({
  name: pathname,
  url: server.url(pathname),
  filter: [],
  intervalMinutes: 30,
  ...extra,
});

const corpusFiles = () =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();

describe('pollFeed', () => {
  it('first poll records items and announces nothing; ETag → 304; a new item is added once', async () => {
    const old = { guid: 'old-1', title: 'Old story', link: server.url('/articles/old') };
    server.routes.set('/feed', { etag: '"v1"', headers: { 'content-type': 'application/rss+xml' }, body: rss([old]) });
    const f = feed('/feed');

    const first = await pollFeed(f, ctx);
    expect(first).toMatchObject({ status: 'initialized', added: [] });
    expect(corpusFiles()).toEqual([]);
    expect(store.getFeedState(f.url)).toMatchObject({ etag: '"v1"', initialized: true, failingSince: null });

    clock += 31 * 60_000;
    const second = await pollFeed(f, ctx);
    expect(second.status).toBe('not-modified');
    expect(server.requests.at(-1)).toMatchObject({ path: '/feed', ifNoneMatch: '"v1"' });

    const fresh = {
      guid: 'new-1',
      title: 'Mexico extradites 26 cartel figures to the United States',
      link: server.url('/articles/frontera'),
    };
    server.routes.set('/feed', {
      etag: '"v2"',
      headers: { 'content-type': 'application/rss+xml' },
      body: rss([fresh, old]),
    });
    clock += 31 * 60_000;
    const third = await pollFeed(f, ctx);
    expect(third.status).toBe('updated');
    expect(third.added).toHaveLength(1);
    expect(third.added[0]?.id).toBe('2025-09-19-mexico-extradites-26-cartel-figures-to-the-united-states');
    expect(corpusFiles()).toEqual([`${third.added[0]?.id}.md`]);
    const { file } = at(third.added, 0);
    const parsed = parseCorpusFile(file, fs.readFileSync(file));
    expect(parsed.problems).toEqual([]);
    expect(parsed.document!.meta).toMatchObject({
      title: fresh.title,
      publisher: 'Frontera Daily',
      author: 'Lucía Ramírez',
      date: '2025-09-19',
      url: fresh.link,
      language: 'en',
    });
    expect(parsed.document!.paragraphs.join(' ')).toContain('Security Secretary Omar García Harfuch');

    clock += 31 * 60_000;
    expect((await pollFeed(f, ctx)).status).toBe('not-modified');
    // Even without validators, a seen item is never added again.
    server.routes.set('/feed', { headers: { 'content-type': 'application/rss+xml' }, body: rss([fresh, old]) });
    clock += 31 * 60_000;
    expect(await pollFeed(f, ctx)).toMatchObject({ status: 'updated', added: [] });
    expect(corpusFiles()).toHaveLength(1);
  });

  it('uses Last-Modified when there is no ETag', async () => {
    const lm = 'Sat, 20 Sep 2025 10:00:00 GMT';
    server.routes.set('/lm', { lastModified: lm, body: rss([]) });
    await pollFeed(feed('/lm'), ctx);
    expect((await pollFeed(feed('/lm'), ctx)).status).toBe('not-modified');
    expect(server.requests.at(-1)).toMatchObject({ ifModifiedSince: lm });
  });

  it('applies the feed filter, falls back to feed content, and skips pages without text', async () => {
    const f = feed('/filtered', { filter: ['sheinbaum', '"cartel figures"'] });
    server.routes.set('/filtered', { body: rss([]) });
    await pollFeed(f, ctx);
    const items: Item[] = [
      { guid: 'a', title: 'Mexico extradites 26 cartel figures', link: server.url('/articles/frontera') },
      { guid: 'b', title: 'Weather: rain in the north', link: server.url('/articles/weather') },
      {
        guid: 'c',
        title: 'Sheinbaum answers questions on the pact',
        link: server.url('/articles/login'),
        content:
          '<p>President Claudia Sheinbaum said on Monday that cooperation with the United States would respect Mexican sovereignty.</p><p>She said the security implementation group would meet again in October, and that no foreign troops would operate on Mexican soil under the agreement.</p>',
      },
      { guid: 'd', title: 'Sheinbaum video', link: server.url('/articles/login') },
    ];
    server.routes.set('/filtered', { body: rss(items) });
    const r = await pollFeed(f, ctx);
    expect(r.added.map((a) => a.title)).toEqual([
      'Sheinbaum answers questions on the pact',
      'Mexico extradites 26 cartel figures',
    ]);
    expect(r.skipped).toEqual([
      { key: 'd', title: 'Sheinbaum video', reason: expect.stringMatching(/no article text found/) },
      { key: 'b', title: 'Weather: rain in the north', reason: 'does not match the feed filter' },
    ]);
    const fromFeed = r.added.find((a) => a.title.startsWith('Sheinbaum'))!;
    const doc = parseCorpusFile(fromFeed.file, fs.readFileSync(fromFeed.file)).document!;
    expect(doc.paragraphs).toHaveLength(2);
    expect(doc.meta.publisher).toBe('Local News'); // no site name on the page: the feed's title
  });

  it('defers an item whose article fails transiently, and retries it next poll', async () => {
    const f = feed('/flaky', {});
    server.routes.set('/flaky', { etag: '"1"', body: rss([]) });
    await pollFeed(f, ctx);
    server.routes.set('/flaky', {
      etag: '"2"',
      body: rss([{ guid: 'x', title: 'Acuerdo', link: server.url('/articles/later') }]),
    });
    server.routes.set('/articles/later', { status: 503 });
    clock += 31 * 60_000;
    const r1 = await pollFeed(f, ctx);
    expect(r1.deferred).toEqual([
      { key: 'x', title: 'Acuerdo', reason: expect.stringMatching(/HTTP 503/), attempts: 1 },
    ]);
    expect(store.getFeedState(f.url)?.etag).toBe('"1"'); // old validator kept: next poll is a full fetch
    server.routes.set('/articles/later', {
      body: article('diario-acuerdo.html'),
      headers: { 'content-type': 'text/html' },
    });
    clock += 31 * 60_000;
    const r2 = await pollFeed(f, ctx);
    expect(r2.added).toHaveLength(1);
    const added = at(r2.added, 0).file;
    expect(parseCorpusFile(added, fs.readFileSync(added)).document?.meta.language).toBe('es');
    expect(store.getFeedState(f.url)?.etag).toBe('"2"');
  });
});

describe('feed items that cannot be added are never silent', () => {
  it('a transient failure is retried a bounded number of times, then skipped with its reason', async () => {
    const f = feed('/stuck', {});
    server.routes.set('/stuck', { etag: '"1"', body: rss([]) });
    await pollFeed(f, { ...ctx, maxItemAttempts: 3 });
    server.routes.set('/stuck', {
      body: rss([{ guid: 's', title: 'Stuck story', link: server.url('/articles/down') }]),
    });
    server.routes.set('/articles/down', { status: 503 });
    const attempts: number[] = [];
    for (let i = 0; i < 2; i++) {
      clock += 31 * 60_000;
      const r = await pollFeed(f, { ...ctx, maxItemAttempts: 3 });
      attempts.push(...r.deferred.map((d) => d.attempts ?? 0));
    }
    expect(attempts).toEqual([1, 2]);
    expect(store.listFeedItemFailures()).toEqual([
      expect.objectContaining({
        itemKey: 's',
        title: 'Stuck story',
        attempts: 2,
        lastError: expect.stringMatching(/HTTP 503/),
      }),
    ]);
    clock += 31 * 60_000;
    const last = await pollFeed(f, { ...ctx, maxItemAttempts: 3 });
    expect(last.deferred).toEqual([]);
    expect(last.skipped).toEqual([
      { key: 's', title: 'Stuck story', reason: expect.stringMatching(/^gave up after 3 attempts: .*HTTP 503/) },
    ]);
    expect(store.listFeedItemFailures()).toEqual([]);
    expect(store.skippedFeedItems(0)).toEqual([
      expect.objectContaining({
        itemKey: 's',
        title: 'Stuck story',
        reason: expect.stringMatching(/gave up after 3 attempts/),
      }),
    ]);
    // Skipped means seen: the next poll does not fetch it again.
    const before = server.requests.filter((r) => r.path === '/articles/down').length;
    clock += 31 * 60_000;
    await pollFeed(f, ctx);
    expect(server.requests.filter((r) => r.path === '/articles/down').length).toBe(before);
  });

  it('a link with a user name or password is skipped at once, without being fetched', async () => {
    const f = feed('/creds', {});
    server.routes.set('/creds', { etag: '"1"', body: rss([]) });
    await pollFeed(f, ctx);
    const secret = server.url('/articles/frontera').replace('http://', 'http://editor:hunter2@');
    server.routes.set('/creds', { body: rss([{ guid: 'c', title: 'Secret link', link: secret }]) });
    clock += 31 * 60_000;
    const r = await pollFeed(f, ctx);
    expect(r.deferred).toEqual([]);
    expect(r.skipped).toEqual([
      { key: 'c', title: 'Secret link', reason: expect.stringMatching(/user name or password/) },
    ]);
    expect(server.requests.some((q) => q.path === '/articles/frontera')).toBe(false);
  });

  it('a link redirecting to file: is skipped at once, not retried as temporary', async () => {
    const f = feed('/tofile', {});
    server.routes.set('/tofile', { etag: '"1"', body: rss([]) });
    await pollFeed(f, ctx);
    server.routes.set('/articles/moved', { status: 302, headers: { location: 'file:///etc/passwd' } });
    server.routes.set('/tofile', { body: rss([{ guid: 'r', title: 'Moved', link: server.url('/articles/moved') }]) });
    clock += 31 * 60_000;
    const r = await pollFeed(f, ctx);
    expect(r.deferred).toEqual([]);
    expect(r.skipped).toEqual([{ key: 'r', title: 'Moved', reason: expect.any(String) }]);
    expect(store.listFeedItemFailures()).toEqual([]);
  });

  it('an added item is marked seen and recorded for announcement together', async () => {
    const f = feed('/ledger', {});
    server.routes.set('/ledger', { etag: '"1"', body: rss([]) });
    await pollFeed(f, ctx);
    server.routes.set('/ledger', {
      body: rss([{ guid: 'l', title: 'Extraditions', link: server.url('/articles/frontera') }]),
    });
    clock += 31 * 60_000;
    const r = await pollFeed(f, ctx);
    const { id } = at(r.added, 0);
    expect(store.seenItemKeys(f.url).has('l')).toBe(true);
    expect(store.announcements().get(id)).toMatchObject({ state: 'pending' });
  });
});

describe('failing feeds', () => {
  it('records failures with backoff, never stops other feeds, and recovers', async () => {
    const good = feed('/good');
    const broken = feed('/broken');
    const malformed = feed('/malformed');
    const gone = feed('/gone');
    server.routes.set('/good', { body: rss([]) });
    server.routes.set('/broken', { status: 500 });
    server.routes.set('/malformed', { body: '<rss><channel><item></channel>' });
    server.routes.set('/gone', { destroy: true });

    const start = clock;
    const results = await pollDueFeeds([broken, malformed, gone, good], ctx);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'initialized']);
    expect(results[0]?.error).toMatch(/HTTP 500/);
    expect(results[1]?.error).toMatch(/malformed XML/);
    expect(results[2]?.error).toMatch(/could not fetch/);
    expect(store.getFeedState(broken.url)).toMatchObject({
      failingSince: start,
      failures: 1,
      nextAttemptAt: start + 60_000,
      lastError: expect.stringMatching(/500/),
    });

    clock += 30_000;
    expect(await isFeedDue(broken, store, clock)).toBe(false);
    clock += 30_000;
    expect(await isFeedDue(broken, store, clock)).toBe(true);
    await pollFeed(broken, ctx);
    expect(store.getFeedState(broken.url)).toMatchObject({
      failingSince: start,
      failures: 2,
      nextAttemptAt: clock + 120_000,
    });

    server.routes.set('/broken', { body: rss([]) });
    clock += 120_000;
    expect((await pollFeed(broken, ctx)).status).toBe('initialized');
    expect(store.getFeedState(broken.url)).toMatchObject({
      failingSince: null,
      lastError: null,
      failures: 0,
      nextAttemptAt: null,
    });
  });

  it('FeedPoller ticks every tickMs until stopped, and not once after', async () => {
    // Fake timers make "no tick after stop" checkable without sleeping: time is advanced, not waited for.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let ticks = 0;
      const poller = new FeedPoller({ feeds: () => (ticks++, []), context: ctx, tickMs: 10 });
      poller.start();
      expect(ticks).toBe(1); // the first tick is at start
      await vi.advanceTimersByTimeAsync(35);
      expect(ticks).toBe(4);
      await poller.stop();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(ticks).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('addDocumentFromUrl', () => {
  it('adds an article, then refuses the same URL again', async () => {
    const url = server.url('/articles/frontera');
    const r = await addDocumentFromUrl(url, dir, { addedBy: 'admin#1', fetch: { allowHosts: LOCAL } });
    expect(r).toMatchObject({
      ok: true,
      source: 'page',
      document: { title: 'Mexico extradites 26 cartel figures to the United States', date: '2025-09-19' },
    });
    if (!r.ok) throw new Error('unreachable');
    const doc = parseCorpusFile(r.document.file, fs.readFileSync(r.document.file)).document!;
    expect(doc.meta.notes).toMatch(/added with \/corpus add on .* by admin#1/);
    const again = await addDocumentFromUrl(`${url}?utm_source=discord`, dir, { fetch: { allowHosts: LOCAL } });
    expect(again).toMatchObject({ ok: false, code: 'duplicate', reason: expect.stringContaining(r.document.id) });
  });

  it('explains why nothing was added', async () => {
    server.routes.set('/doc.pdf', { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7' });
    expect(await addDocumentFromUrl(server.url('/missing'), dir, { fetch: { allowHosts: LOCAL } })).toMatchObject({
      ok: false,
      code: 'http',
      reason: expect.stringMatching(/HTTP 404/),
      transient: false,
    });
    expect(await addDocumentFromUrl(server.url('/doc.pdf'), dir, { fetch: { allowHosts: LOCAL } })).toMatchObject({
      ok: false,
      code: 'not-html',
      reason: expect.stringMatching(/not a web page.*application\/pdf/),
    });
    expect(
      await addDocumentFromUrl(server.url('/articles/login'), dir, { fetch: { allowHosts: LOCAL } }),
    ).toMatchObject({ ok: false, code: 'no-text' });
    expect(await addDocumentFromUrl('not a url', dir, { fetch: { allowHosts: LOCAL } })).toMatchObject({
      ok: false,
      code: 'invalid-url',
    });
    expect(await addDocumentFromUrl('file:///etc/passwd', dir, { fetch: { allowHosts: LOCAL } })).toMatchObject({
      ok: false,
      code: 'invalid-url',
    });
    expect(corpusFiles()).toEqual([]);
  });
});

describe('seen items', () => {
  it('a feed that changes its guids does not repost items it already had', async () => {
    const f = feed('/guids');
    const link = server.url('/articles/frontera');
    server.routes.set('/guids', { body: rss([{ guid: 'old-guid', title: 'Mexico extradites', link }]) });
    await pollFeed(f, ctx);
    server.routes.set('/guids', {
      body: rss([{ guid: 'new-guid-scheme', title: 'Mexico extradites', link: `${link}#comments` }]),
    });
    clock += 31 * 60_000;
    expect(await pollFeed(f, ctx)).toMatchObject({ status: 'updated', added: [], skipped: [] });
  });
});
