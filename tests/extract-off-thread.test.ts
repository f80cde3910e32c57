/**
 * Article extraction in the page-reader thread: hostile pages (deeply nested, huge, slow) get a
 * clear, permanent error, the main thread keeps running meanwhile, and the reader recovers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { pollFeed, type FeedConfig } from '../src/feeds/index.js';
import { Store } from '../src/store/index.js';
import { startLocalServer } from './fixtures/feeds/local-server.js';
import { checkDocumentShape, extractArticle, htmlToParagraphs, UnreadablePageError } from '../src/feeds/extract.js';
import { extractArticleOffThread, stopPageReader } from '../src/feeds/extract-off-thread.js';
import { deeplyNestedPage, hugePage, slowPage } from './fixtures/hostile-pages.js';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures/articles', name));

async function failure(promise: Promise<unknown>): Promise<UnreadablePageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadablePageError);
  expect((error as UnreadablePageError).permanent).toBe(true);
  return error as UnreadablePageError;
}

afterAll(() => stopPageReader());

describe('document limits', () => {
  it('refuses deep nesting, too many elements and too many characters before any real parsing', () => {
    expect(() => checkDocumentShape(deeplyNestedPage(129))).toThrow(/nested too deeply \(more than 128 levels\)/);
    expect(() => checkDocumentShape(deeplyNestedPage(100))).not.toThrow();
    expect(() => checkDocumentShape(hugePage(1), { maxChars: 10_000_000, maxDepth: 128, maxElements: 5000 })).toThrow(
      /too many elements \(more than 5,000\)/,
    );
    expect(() => checkDocumentShape(hugePage(6))).toThrow(/too large \([\d,]+ characters; the limit is 5,000,000\)/);
    // Real article pages are far inside the limits.
    for (const name of ['frontera-extraditions.html', 'diario-acuerdo.html'])
      expect(() => checkDocumentShape(fixture(name).toString('latin1'))).not.toThrow();
  });

  it('feed content that is too deep reads as no paragraphs, on the main thread, without throwing', () => {
    expect(htmlToParagraphs(deeplyNestedPage(20_000))).toEqual([]);
    expect(htmlToParagraphs('<p>One.</p><p>Two.</p>')).toEqual(['One.', 'Two.']);
  });
});

describe('extractArticleOffThread', () => {
  it('gives the same article as reading on the main thread', async () => {
    for (const [name, type] of [
      ['frontera-extraditions.html', 'text/html; charset=utf-8'],
      ['diario-acuerdo.html', 'text/html'],
    ] as const) {
      const url = `https://news.example/${name}`;
      const offThread = await extractArticleOffThread(fixture(name), url, type);
      expect(offThread?.paragraphs.length).toBeGreaterThan(2);
      expect(offThread).toEqual(extractArticle(fixture(name), url, type));
    }
    expect(
      await extractArticleOffThread(fixture('no-article.html'), 'https://news.example/login', 'text/html'),
    ).toBeNull();
  });

  it('refuses a 2.4 MB deeply nested page at once with a clear reason', async () => {
    const page = Buffer.from(deeplyNestedPage(400_000));
    expect(page.length).toBeGreaterThan(2_400_000);
    const started = performance.now();
    const error = await failure(extractArticleOffThread(page, 'https://hostile.example/nested', 'text/html'));
    expect(error.message).toMatch(/nested too deeply/);
    console.log(`2.4 MB nested page refused in ${Math.round(performance.now() - started)} ms`);
  });

  it('refuses a 9.5 MB page as too large', async () => {
    const error = await failure(
      extractArticleOffThread(Buffer.from(hugePage(9.5)), 'https://hostile.example/huge', 'text/html'),
    );
    expect(error.message).toMatch(/too large/);
  });

  it('abandons a page that takes too long, keeps the main thread free meanwhile, and reads the next page', async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const error = await failure(
      extractArticleOffThread(Buffer.from(slowPage()), 'https://hostile.example/slow', 'text/html', {
        timeoutMs: 1500,
      }),
    );
    const took = performance.now() - started;
    loop.disable();
    expect(error.message).toBe('reading the page took longer than 1.5 s');
    expect(took).toBeGreaterThanOrEqual(1500);
    // On the main thread this page blocks the event loop for its whole reading time.
    expect(loop.max / 1e6).toBeLessThan(took / 2);
    console.log(
      `slow page abandoned after ${Math.round(took)} ms; longest event-loop stall ${Math.round(loop.max / 1e6)} ms`,
    );
    const next = await extractArticleOffThread(
      fixture('frontera-extraditions.html'),
      'https://news.example/a',
      'text/html; charset=utf-8',
    );
    expect(next?.title).toBe('Mexico extradites 26 cartel figures to the United States');
  });

  it('a page that exhausts the memory limit gets a clear error, and the reader recovers', async () => {
    const error = await failure(
      extractArticleOffThread(Buffer.from(hugePage(4.5)), 'https://hostile.example/memory', 'text/html', {
        memoryMb: 64,
        timeoutMs: 60_000,
      }),
    );
    expect(error.message).toBe('reading the page needed more than 64 MB of memory');
    const next = await extractArticleOffThread(fixture('diario-acuerdo.html'), 'https://news.example/b', 'text/html');
    expect(next?.paragraphs.length).toBeGreaterThan(2);
  });
});

describe('a feed item whose page cannot be read', () => {
  it('is skipped for good with the reason, not deferred to be retried at every poll', async () => {
    const server = await startLocalServer(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-unreadable-'));
    const store = Store.open(':memory:');
    try {
      const rss = (links: string[]) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://x/</link><description>d</description>${links
          .map((l) => `<item><title>${l}</title><link>${server.url(l)}</link><guid>${l}</guid></item>`)
          .join('')}</channel></rss>`;
      const feed: FeedConfig = { name: 'T', url: server.url('/feed.xml'), filter: [], intervalMinutes: 60 };
      const ctx = {
        store,
        corpusDir: dir,
        fetchOptions: { allowHosts: ['127.0.0.1'], extraction: { timeoutMs: 1500 } },
      };
      server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([]) });
      await pollFeed(feed, ctx);
      server.routes.set('/nested', { headers: { 'content-type': 'text/html' }, body: deeplyNestedPage(50_000) });
      server.routes.set('/slow', { headers: { 'content-type': 'text/html' }, body: slowPage() });
      server.routes.set('/feed.xml', {
        headers: { 'content-type': 'application/rss+xml' },
        body: rss(['/nested', '/slow']),
      });
      const result = await pollFeed(feed, ctx);
      expect(result.deferred).toEqual([]);
      // Items are taken oldest first: the feed lists /nested first, so /slow is read first.
      expect(result.skipped.map((s) => s.reason)).toEqual([
        expect.stringMatching(/\/slow could not be read: reading the page took longer than 1\.5 s$/),
        expect.stringMatching(/\/nested could not be read: the page is nested too deeply \(more than 128 levels\)$/),
      ]);
      // The next poll does not fetch them again.
      const fetched = server.requests.length;
      await pollFeed(feed, ctx);
      expect(server.requests.slice(fetched).map((r) => r.path)).toEqual(['/feed.xml']);
    } finally {
      store.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
