/**
 * The outbound-fetch policy against SSRF: every target is a server on 127.0.0.1 (or 127.0.0.2),
 * refused by default and fetched only when the test allows it the way an owner would
 * (FETCH_ALLOW_HOSTS → `allowHosts`).
 */
import fs from 'node:fs';
import http from 'node:http';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { allowEntryProblem, specialRangeOf } from '../src/feeds/fetch-policy.js';
import { addDocumentFromUrl, fetchConditional, FetchError, pollFeed, type FeedConfig } from '../src/feeds/index.js';
import { FetchRefusedError } from '../src/feeds/http.js';
import { Store } from '../src/store/index.js';
import { startLocalServer, type LocalServer } from './fixtures/feeds/local-server.js';

const ARTICLE = fs.readFileSync(path.join(__dirname, 'fixtures/articles/frontera-extraditions.html'));
const ADMIN = '<html><body><h1>Internal admin console</h1><p>API key: <b>sk-internal-0000</b></p></body></html>';

/** A resolver that answers from a table, like a DNS server the attacker controls; other names resolve as usual. */
function resolverFor(table: Record<string, string[] | (() => string[])>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = ((
    hostname: string,
    _options: unknown,
    callback: (e: Error | null, a: unknown, f?: number) => void,
  ) => {
    calls.push(hostname);
    const entry = table[hostname];
    const addresses = typeof entry === 'function' ? entry() : entry;
    if (!addresses) return dns.lookup(hostname, { all: true }, callback);
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as unknown as LookupFunction & { calls: string[] };
  lookup.calls = calls;
  return lookup;
}

async function refusal(promise: Promise<unknown>): Promise<FetchRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchRefusedError);
  return error as FetchRefusedError;
}

describe('address classes', () => {
  it.each([
    ['169.254.169.254', 'linkLocal'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['[::ffff:192.168.0.1]', 'private'],
    ['::127.0.0.1', 'loopback'], // deprecated IPv4-compatible form, read as the IPv4 address
    ['64:ff9b::7f00:1', 'rfc6052'], // NAT64 form of 127.0.0.1
    ['2002:7f00:1::', '6to4'],
    ['2001:db8::1', 'reserved'],
  ])('%s is refused as %s', (address, range) => {
    expect(specialRangeOf(address)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(specialRangeOf(address)).toBeUndefined();
  });
});

describe('FETCH_ALLOW_HOSTS', () => {
  const base = {
    DISCORD_TOKEN: 'MTQwMDAwMDAwMDAwMDAwMDAw.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB',
    DISCORD_CLIENT_ID: '1400000000000000000',
  };

  it('is empty by default and reads names, addresses and ranges', () => {
    expect(loadConfig(base).fetchAllowHosts).toEqual([]);
    expect(loadConfig({ ...base, FETCH_ALLOW_HOSTS: ' ' }).fetchAllowHosts).toEqual([]);
    expect(
      loadConfig({ ...base, FETCH_ALLOW_HOSTS: ' intranet.example , 10.0.0.5,10.1.0.0/16, [::1], localhost' })
        .fetchAllowHosts,
    ).toEqual(['intranet.example', '10.0.0.5', '10.1.0.0/16', '[::1]', 'localhost']);
  });

  it.each(['http://intranet.example', 'intranet.example:8080', '10.0.0.0/40', 'two words'])(
    'refuses "%s" with a one-line hint',
    (value) => {
      expect(allowEntryProblem(value)).toBeTruthy();
      let error: unknown;
      try {
        loadConfig({ ...base, FETCH_ALLOW_HOSTS: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(
        /^FETCH_ALLOW_HOSTS is malformed\. .*host names, IP addresses or CIDR ranges/,
      );
    },
  );
});

describe('fetching from 127.0.0.1', () => {
  let server: LocalServer;
  let port: number;
  const local = (host: string, p = '/admin') => `http://${host}:${port}${p}`;
  const hits = (p: string) => server.requests.filter((r) => r.path === p).length;

  beforeAll(async () => {
    server = await startLocalServer(60_000);
    port = Number(new URL(server.url('/')).port);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.routes.clear();
    server.routes.set('/admin', { headers: { 'content-type': 'text/html' }, body: ADMIN });
    server.routes.set('/story', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: ARTICLE });
    server.routes.set('/to-localhost', { status: 302, headers: { location: `http://localhost:${port}/admin` } });
    server.routes.set('/to-loopback', { status: 301, headers: { location: `http://127.0.0.1:${port}/admin` } });
    server.routes.set('/to-story', { status: 307, headers: { location: '/story' } });
  });

  it.each([
    ['127.0.0.1', /127\.0\.0\.1 is a loopback/],
    ['localhost', /localhost resolves to (127\.0\.0\.1|::1), a loopback/],
    ['0.0.0.0', /0\.0\.0\.0 is an unspecified address/],
    ['[::1]', /::1 is a loopback/],
    ['[::ffff:127.0.0.1]', /::ffff:7f00:1 is a loopback/],
    ['2130706433', /127\.0\.0\.1 is a loopback/], // decimal form of 127.0.0.1
    ['0x7f.1', /127\.0\.0\.1 is a loopback/],
  ])('refuses http://%s by default, before any request reaches the server', async (host, why) => {
    const error = await refusal(fetchConditional(local(host), { timeoutMs: 3000 }));
    expect(error.permanent).toBe(true);
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/FETCH_ALLOW_HOSTS/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback, and one with any internal answer only', async () => {
    const lookup = resolverFor({
      'evil.test': ['127.0.0.1'],
      'metadata.test': ['169.254.169.254'],
      'both.test': ['::1', '10.0.0.7'],
    });
    expect((await refusal(fetchConditional(`http://evil.test:${port}/admin`, { lookup }))).message).toMatch(
      /evil\.test resolves to 127\.0\.0\.1, a loopback/,
    );
    expect((await refusal(fetchConditional('http://metadata.test/latest/meta-data/', { lookup }))).message).toMatch(
      /169\.254\.169\.254, a link-local/,
    );
    expect((await refusal(fetchConditional(`http://both.test:${port}/admin`, { lookup }))).message).toMatch(
      /both\.test resolves to/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('checks every redirect: a 302 to localhost and a 301 to 127.0.0.1 are refused', async () => {
    // The first hop is a host the owner allowed (resolving to the test server); its redirects are not.
    const lookup = resolverFor({ 'feeds.test': ['127.0.0.1'] });
    const options = { lookup, allowHosts: ['feeds.test'] };
    const toLocalhost = await refusal(fetchConditional(`http://feeds.test:${port}/to-localhost`, options));
    expect(toLocalhost.message).toMatch(
      /refused http:\/\/localhost:\d+\/admin \(redirected from http:\/\/feeds\.test:\d+\/to-localhost\)/,
    );
    expect(toLocalhost.permanent).toBe(true);
    const toLoopback = await refusal(fetchConditional(`http://feeds.test:${port}/to-loopback`, options));
    expect(toLoopback.message).toMatch(/127\.0\.0\.1 is a loopback/);
    expect(hits('/to-localhost')).toBe(1);
    expect(hits('/to-loopback')).toBe(1);
    expect(hits('/admin')).toBe(0);
    // A redirect within the allowed host is followed, and the final URL reported.
    const followed = await fetchConditional(`http://feeds.test:${port}/to-story`, options);
    expect(followed).toMatchObject({ status: 200, url: `http://feeds.test:${port}/story` });
  });

  it('refuses credentials in the URL and other schemes, without echoing the password', async () => {
    const withPassword = await refusal(
      fetchConditional(`http://admin:hunter2@127.0.0.1:${port}/admin`, { allowHosts: ['127.0.0.1'] }),
    );
    expect(withPassword.message).toMatch(/user name or password/);
    expect(withPassword.message).not.toContain('hunter2');
    expect((await refusal(fetchConditional('file:///etc/passwd'))).message).toMatch(/only http and https/);
    expect((await refusal(fetchConditional('ftp://127.0.0.1/x', { allowHosts: ['127.0.0.1'] }))).message).toMatch(
      /only http and https/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('fetches an allowed host: by address, by name, or by a range', async () => {
    for (const allowHosts of [['127.0.0.1'], ['127.0.0.0/8'], ['::ffff:127.0.0.1']]) {
      const page = await fetchConditional(local('127.0.0.1'), { allowHosts });
      expect(page.status === 200 && page.bytes.toString()).toContain('Internal admin console');
    }
    const byName = await fetchConditional(`http://intranet.test:${port}/admin`, {
      allowHosts: ['intranet.test'],
      lookup: resolverFor({ 'intranet.test': ['127.0.0.1'] }),
    });
    expect(byName.status).toBe(200);
    // Allowing one host does not open the others.
    await refusal(fetchConditional(local('127.0.0.1'), { allowHosts: ['intranet.test'] }));
    await refusal(
      fetchConditional(`http://other.test:${port}/admin`, {
        allowHosts: ['intranet.test'],
        lookup: resolverFor({ 'other.test': ['127.0.0.1'] }),
      }),
    );
    expect(hits('/admin')).toBe(4);
  });

  it('connects only to the address it checked (no DNS-rebinding gap)', async () => {
    // A second server on 127.0.0.2 stands in for the public address the first DNS answer gives;
    // every later answer points at the internal server on 127.0.0.1.
    const outside = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('public page'),
    );
    const listening = await new Promise<boolean>((resolve) => {
      outside.once('error', () => resolve(false));
      outside.listen(port, '127.0.0.2', () => resolve(true));
    }).catch(() => false);
    if (!listening) {
      outside.close();
      return; // 127.0.0.2 is not usable on this system (only Linux routes all of 127/8)
    }
    try {
      let answers = 0;
      const lookup = resolverFor({ 'rebind.test': () => (answers++ === 0 ? ['127.0.0.2'] : ['127.0.0.1']) });
      const page = await fetchConditional(`http://rebind.test:${port}/admin`, { lookup, allowHosts: ['127.0.0.2'] });
      expect(page.status === 200 && page.bytes.toString()).toBe('public page');
      expect(server.requests).toHaveLength(0);
      // Two addresses, one internal: only the allowed one is connected to.
      const mixed = await fetchConditional(`http://mixed.test:${port}/admin`, {
        lookup: resolverFor({ 'mixed.test': ['127.0.0.1', '127.0.0.2'] }),
        allowHosts: ['127.0.0.2'],
      });
      expect(mixed.status === 200 && mixed.bytes.toString()).toBe('public page');
      expect(server.requests).toHaveLength(0);
    } finally {
      await new Promise((resolve) => outside.close(resolve));
    }
  });

  it('/corpus add of an internal page is refused permanently and saves nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-ssrf-'));
    try {
      for (const url of [local('127.0.0.1'), local('localhost'), local('0.0.0.0'), `http://[::1]:${port}/admin`]) {
        const result = await addDocumentFromUrl(url, dir);
        expect(result).toMatchObject({
          ok: false,
          code: 'refused',
          transient: false,
          reason: expect.stringMatching(/^refused .*only public addresses/),
        });
      }
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(server.requests).toHaveLength(0);
      // Allowed by the owner, the same address is added.
      const allowed = await addDocumentFromUrl(local('127.0.0.1', '/story'), dir, {
        fetch: { allowHosts: ['127.0.0.1'] },
      });
      expect(allowed).toMatchObject({
        ok: true,
        document: { title: 'Mexico extradites 26 cartel figures to the United States' },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a feed whose item links point inside is read, but those items are skipped for good and nothing internal is saved', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-ssrf-feed-'));
    const store = Store.open(':memory:');
    try {
      const items = (links: string[]) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>http://feeds.test/</link><description>x</description>${links
          .map(
            (l, i) =>
              `<item><title>Item ${i}</title><link>${l}</link><guid>${l}</guid><description>Mexico security item with some words</description></item>`,
          )
          .join('')}</channel></rss>`;
      server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: items([]) });
      const lookup = resolverFor({ 'feeds.test': ['127.0.0.1'] });
      const feed: FeedConfig = {
        name: 'Hostile',
        url: `http://feeds.test:${port}/feed.xml`,
        filter: [],
        intervalMinutes: 60,
      };
      const ctx = { store, corpusDir: dir, fetchOptions: { lookup, allowHosts: ['feeds.test'], timeoutMs: 3000 } };
      expect((await pollFeed(feed, ctx)).status).toBe('initialized');
      const links = [
        local('127.0.0.1'),
        local('localhost'),
        `http://[::ffff:127.0.0.1]:${port}/admin`,
        `http://feeds.test:${port}/to-localhost`,
      ];
      server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: items(links) });
      const result = await pollFeed(feed, ctx);
      expect(result).toMatchObject({ status: 'updated', added: [], deferred: [] });
      expect(result.skipped).toHaveLength(4);
      for (const s of result.skipped) expect(s.reason).toMatch(/^refused .*(loopback|resolves to)/);
      expect(hits('/admin')).toBe(0);
      expect(fs.readdirSync(dir)).toEqual([]);
      // A feed on an internal address fails with the refusal, never fetched.
      const inside = await pollFeed({ ...feed, url: local('127.0.0.1', '/feed.xml') }, { store, corpusDir: dir });
      expect(inside).toMatchObject({ status: 'failed', error: expect.stringMatching(/127\.0\.0\.1 is a loopback/) });
      expect(hits('/feed.xml')).toBe(2);
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the size and time caps', async () => {
    server.routes.set('/big', { headers: { 'content-type': 'text/html' }, body: Buffer.alloc(64 * 1024, 'a') });
    const tooBig = await fetchConditional(server.url('/big'), { allowHosts: ['127.0.0.1'], maxBytes: 1024 }).catch(
      (e: unknown) => e,
    );
    expect(tooBig).toBeInstanceOf(FetchError);
    expect((tooBig as FetchError).message).toMatch(/too large/);
    server.routes.set('/loop', { status: 302, headers: { location: '/loop' } });
    const loop = await fetchConditional(server.url('/loop'), { allowHosts: ['127.0.0.1'] }).catch((e: unknown) => e);
    expect(loop).toMatchObject({ transient: false, message: expect.stringMatching(/too many redirects/) });
    expect(hits('/loop')).toBe(6);
    server.routes.set('/hang', { destroy: true });
    const dropped = await fetchConditional(server.url('/hang'), { allowHosts: ['127.0.0.1'], timeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(dropped).toMatchObject({ transient: true });
    expect(dropped).not.toBeInstanceOf(FetchRefusedError);
  });
});
