/**
 * Hostile input through `/corpus add` end to end: the real discord.js client against the Discord
 * stand-in, pages served on 127.0.0.1. An internal address gets a clear refusal; a deeply nested
 * or slow page gets a clear reply while another member's /ask is still answered at once.
 * The page server is allowed the way an owner allows an intranet host: by name (FETCH_ALLOW_HOSTS),
 * the name resolving to 127.0.0.1; 127.0.0.1 and localhost themselves stay refused.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import type { LookupFunction } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopPageReader } from '../src/feeds/extract-off-thread.js';
import { BOB, commandInteraction, PERMISSIONS, type TestUser } from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal, messageOf } from './discord-standin/requests.js';
import { DiscordStandIn, type RecordedRequest } from './discord-standin/server.js';
import { startLocalServer, type LocalServer } from './fixtures/feeds/local-server.js';
import { deeplyNestedPage, slowPage } from './fixtures/hostile-pages.js';
import { cleanupWorlds, MANAGER, startWorld } from './helpers/update-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ROOT = path.resolve('.');
const PAGES = 'pages.test';
// The slow page takes 6–7 s to read on an idle machine and the real article about 0.1 s warm
// (more in a freshly restarted reader): 4 s leaves room for both on a loaded CI machine.
const EXTRACTION_TIMEOUT_MS = 4000;

/** `pages.test` → 127.0.0.1; every other name as usual. */
const lookup = ((
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (e: Error | null, a: dns.LookupAddress[]) => void,
) =>
  hostname === PAGES
    ? callback(null, [{ address: '127.0.0.1', family: 4 }])
    : dns.lookup(hostname, { ...options, all: true }, callback)) as unknown as LookupFunction;

let discord: DiscordStandIn;
let server: LocalServer;
let port: number;

beforeAll(async () => {
  server = await startLocalServer(120_000);
  port = Number(new URL(server.url('/')).port);
  server.routes.set('/admin', {
    headers: { 'content-type': 'text/html' },
    body: '<html><body><h1>Internal admin console</h1><p>API key: sk-internal-0000</p></body></html>',
  });
  server.routes.set('/to-admin', { status: 302, headers: { location: `http://localhost:${port}/admin` } });
  server.routes.set('/nested', { headers: { 'content-type': 'text/html' }, body: deeplyNestedPage(200_000) });
  server.routes.set('/slow', { headers: { 'content-type': 'text/html' }, body: slowPage() });
  server.routes.set('/story', {
    headers: { 'content-type': 'text/html' },
    body: fs.readFileSync(path.join(ROOT, 'tests/fixtures/articles/frontera-extraditions.html')),
  });

  const world = await startWorld({
    runtime: { feedTickMs: 0, burstDelayMs: 60_000, deliveryIntervalMs: 60_000, stabilityMs: 100 },
    fetchOptions: { timeoutMs: 5000, allowHosts: [PAGES], lookup, extraction: { timeoutMs: EXTRACTION_TIMEOUT_MS } },
  });
  discord = world.discord;
});

afterAll(async () => {
  await cleanupWorlds();
  await server?.close();
  await stopPageReader();
});

/** Sends a command; resolves with its final message (the callback, or the edit of a deferred reply). */
function send(
  name: string,
  options: Json[],
  user: TestUser,
  rawOptions?: Json[],
): { sent: Json; answer: Promise<RecordedRequest> } {
  const since = discord.requests.length;
  const payload = commandInteraction(discord, {
    name,
    options,
    user,
    permissions: user === MANAGER ? PERMISSIONS.manager : PERMISSIONS.member,
  });
  if (rawOptions) payload.data.options = rawOptions;
  const sent = discord.sendInteraction(payload);
  const answer = discord
    .waitFor(isCallback(sent), { since })
    .then((callback) =>
      callback.body.type === 5 ? discord.waitFor(isEditOriginal(discord, sent), { since, timeout: 30_000 }) : callback,
    );
  return { sent, answer };
}

const corpusAdd = (url: string) =>
  send('corpus', [], MANAGER, [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: url }] }]);

describe('/corpus add against hostile input', () => {
  it('refuses internal addresses with a clear reply, and never fetches them', async () => {
    for (const [url, why] of [
      [`http://127.0.0.1:${port}/admin`, /127\\?\.0\\?\.0\\?\.1 is a loopback \(this machine\) address/],
      [`http://localhost:${port}/admin`, /localhost resolves to/],
      [`http://0.0.0.0:${port}/admin`, /unspecified address/],
      [`http://[::1]:${port}/admin`, /::1 is a loopback/],
      [`http://${PAGES}:${port}/to-admin`, /redirected from/],
    ] as const) {
      const reply = messageOf(await corpusAdd(url).answer);
      expect(reply.content).toMatch(/^Not added\. That address is not public; I only fetch public web pages: refused /);
      expect(reply.content).toMatch(why);
      expect(reply.content).not.toMatch(/try again later/);
      expectSendable(reply);
    }
    expect(server.requests.filter((r) => r.path === '/admin')).toHaveLength(0);
    expect(server.requests.filter((r) => r.path === '/to-admin')).toHaveLength(1);
  });

  it('a 2 MB deeply nested page gets a clear reply', async () => {
    const reply = messageOf(await corpusAdd(`http://${PAGES}:${port}/nested`).answer);
    expect(reply.content).toMatch(
      /^Not added\. That page is too large or too complex to read safely: .*nested too deeply \(more than 128 levels\)\.$/,
    );
    expectSendable(reply);
  });

  it("another member's /ask is answered while a slow page is read; the page then gets a clear reply", async () => {
    const add = corpusAdd(`http://${PAGES}:${port}/slow`);
    let addAnsweredAt = Infinity;
    const addAnswer = add.answer.then((r) => {
      addAnsweredAt = performance.now();
      return r;
    });
    // Once the page is fetched, it is being read: ask then.
    await expect.poll(() => server.requests.some((r) => r.path === '/slow'), { timeout: 10_000 }).toBe(true);
    const askedAt = performance.now();
    const ask = send('ask', [{ name: 'question', value: 'What did the joint communiqué establish?' }], BOB);
    const askReply = await ask.answer;
    const askTook = performance.now() - askedAt;
    expect(messageOf(askReply).embeds?.length ?? messageOf(askReply).content?.length).toBeTruthy();
    const reply = messageOf(await addAnswer);
    // The answer to /ask came while the page was still being read, inside Discord's 3 s.
    expect(addAnsweredAt).toBeGreaterThan(askedAt + askTook);
    expect(askTook).toBeLessThan(3000);
    expect(reply.content).toBe(
      `Not added. That page is too large or too complex to read safely: http://${PAGES}:${port}/slow could not be read: reading the page took longer than ${EXTRACTION_TIMEOUT_MS / 1000} s.`,
    );
    console.log(`/ask answered in ${Math.round(askTook)} ms while the slow page was read`);

    // The reader recovers: a real article is added next.
    const story = messageOf(await corpusAdd(`http://${PAGES}:${port}/story`).answer);
    expect(story.content).toMatch(/^Added \[Mexico extradites 26 cartel figures to the United States\]/);
  });
});
