/**
 * Issue 10's faults, each through the Discord stand-in with the real bot: documents that were
 * never announced, posts that were doubled, failures that were silent, a database that blocked
 * the bot or vanished, and misleading messages. (The process kill is in updates-kill.test.ts.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandsFor } from '../commands/index.js';
import { deployCommands } from '../src/discord/deploy-commands.js';
import { ALICE, BOB, buttonInteraction, customIds, PERMISSIONS } from './discord-standin/payloads.js';
import { isCallback } from './discord-standin/requests.js';
import { startLocalServer } from './fixtures/feeds/local-server.js';
import { corpusFile } from './helpers/corpus.js';
import {
  channelOption,
  cleanupWorlds,
  docFile,
  drop,
  FAST,
  FENTANYL,
  FIXTURES,
  MANAGER,
  posts,
  postsTo,
  roleResolved,
  ROLE_ID,
  rssFeed,
  run,
  servers,
  idle,
  SIG,
  startWorld,
  type World,
} from './helpers/update-world.js';

afterEach(cleanupWorlds);

const ROOT = path.resolve('.');
const HELD = { ...FAST, burstDelayMs: 60_000 } as const;
const logged = (w: World, msg: string) => w.logs.filter((l) => l.msg === msg);

describe('no document is lost', () => {
  it('a document written into the corpus folder while the bot was stopped is announced at the next start, once', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    await w.stopBot();
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await w.startAgain();
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    expect(posts(w)[0]?.body.embeds[0].title).toBe('Fentanyl seizures rise at the northern border');
    expect(logged(w, 'documents not announced before were queued').at(-1)).toMatchObject({
      documents: ['fentanyl-seizures'],
    });
    await w.startAgain();
    await idle(w);
    expect(posts(w)).toHaveLength(1);
  });

  it('a file refused for a missing date, then fixed and saved again, is announced', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    drop(
      w,
      'late.md',
      '---\ntitle: Fentanyl seizures rise at the northern border\nlanguage: en\n---\n\nCustoms officers reported record fentanyl seizures.\n',
    );
    await expect.poll(() => w.index.problems().map((p) => p.field), { timeout: 10_000 }).toEqual(['date']);
    drop(w, 'late.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    expect(posts(w)[0]?.body.embeds[0].title).toBe('Fentanyl seizures rise at the northern border');
    await idle(w);
    expect(posts(w)).toHaveLength(1);
  });

  it('a brand-new data folder records the corpus already there as known and announces none of it', async () => {
    const w = await startWorld({ files: { 'sig-second-meeting.md': SIG } });
    await run(w, 'subscribe');
    expect(
      logged(w, 'first start of this data folder: the corpus already there is recorded as known, nothing announced'),
    ).toHaveLength(1);
    expect(w.store.announcements().get('sig-second-meeting')).toMatchObject({ state: 'known' });
    await w.bot.updates!.deliverNow();
    await w.startAgain();
    await idle(w);
    expect(posts(w)).toHaveLength(0);
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
  });

  it('while another process holds the database lock: /subscribe and /ask are answered at once, and the file that arrived is announced after', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    // Another process takes the write lock and keeps it until told to let go.
    const locker = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`,
        path.join(w.dataDir, 'pactbot.sqlite'),
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    locker.stdout.on('data', (d) => (out += d));
    try {
      await expect.poll(() => out, { timeout: 10_000 }).toContain('locked');
      drop(w, 'fentanyl-seizures.md', FENTANYL);
      await expect
        .poll(() => logged(w, 'could not record the document for announcement; will retry').length, { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(logged(w, 'could not record the document for announcement; will retry')[0]).toMatchObject({
        level: 50,
        document: 'fentanyl-seizures',
        error: expect.stringMatching(/locked|busy/),
      });
      expect(w.index.getDocument('fentanyl-seizures')).toBeDefined();

      const started = Date.now();
      const subscribe = await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: ALICE });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(subscribe.ephemeral).toBe(true);
      expect(subscribe.body.content).toMatch(
        /^Nothing was changed: the bot's database is busy .*Try again in a few seconds\.$/,
      );
      const askStarted = Date.now();
      const ask = await run(w, 'ask', [{ name: 'question', value: 'What is the Security Implementation Group?' }], {
        user: BOB,
      });
      expect(Date.now() - askStarted).toBeLessThan(3000);
      expect(JSON.stringify(ask.body)).toMatch(/Security Implementation Group/);
      expect(posts(w)).toHaveLength(0);
    } finally {
      locker.stdin.write('release\n');
      await new Promise((resolve) => locker.once('exit', resolve));
    }
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    await idle(w);
    expect(posts(w)).toHaveLength(1);
    expect(w.store.listSubscriptions().map((s) => s.kind)).toEqual(['channel']);
  });
});

describe('no post is doubled', () => {
  it('two subscriptions of one channel that both match make one post, mentioning the role; a page added during a burst is in the digest only', async () => {
    const server = await startLocalServer(30_000);
    servers.push(server);
    server.routes.set('/story', {
      headers: { 'content-type': 'text/html' },
      body: fs.readFileSync(path.join(FIXTURES, 'articles/frontera-extraditions.html')),
    });
    const w = await startWorld({ runtime: HELD });
    const general = w.discord.channelId;
    await run(w, 'subscribe');
    await run(
      w,
      'subscribe',
      [
        { name: 'filter', value: 'fentanyl' },
        { name: 'role', type: 8, value: ROLE_ID },
      ],
      { resolved: roleResolved },
    );
    expect(w.store.listSubscriptions().map((s) => s.channelId)).toEqual([general, general]);

    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(1);
    await w.bot.updates!.deliverNow();
    expect(postsTo(w, general)).toHaveLength(1);
    expect(postsTo(w, general)[0]?.body).toMatchObject({
      content: `<@&${ROLE_ID}>`,
      allowed_mentions: { parse: [], roles: [ROLE_ID] },
    });

    const added = await run(w, 'corpus', [], {
      rawOptions: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: server.url('/story') }] }],
    });
    expect(added.body.content).toMatch(/^Added /);
    drop(w, 'sig-second-meeting.md', SIG);
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(2);
    await w.bot.updates!.deliverNow();
    await w.bot.updates!.deliverNow();
    expect(postsTo(w, general)).toHaveLength(2);
    const digest = postsTo(w, general)[1]?.body.embeds[0];
    expect(digest.title).toBe('2 new documents');
    expect(digest.description).toContain('Mexico extradites 26 cartel figures to the United States');
    expect(digest.description).toContain('Security Implementation Group holds second meeting');
  });
});

describe('no failure is silent', () => {
  it('feed items not added are logged and shown in /subscriptions with the reason; retries are bounded; a link with credentials is skipped at once', async () => {
    const server = await startLocalServer(30_000);
    servers.push(server);
    server.routes.set('/down', { status: 503 });
    server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed([]) });
    const w = await startWorld({
      runtime: { ...FAST, maxFeedItemAttempts: 2 },
      files: { 'feeds.yml': `feeds:\n  - name: Frontera\n    url: ${server.url('/feed.xml')}\n    interval: 5\n` },
    });
    await run(w, 'subscribe');
    expect(await w.bot.updates!.pollFeedsNow()).toMatchObject([{ status: 'initialized' }]);
    const secret = server.url('/secret').replace('http://', 'http://editor:hunter2@');
    server.routes.set('/feed.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed([
        { guid: 'a', title: 'Story that will not load', link: server.url('/down') },
        { guid: 'b', title: 'Secret link', link: secret },
        { guid: 'c', title: 'No link here' },
      ]),
    });
    const due = () => w.store.updateFeedState(server.url('/feed.xml'), { lastPolledAt: 0 });
    due();
    const [first] = await w.bot.updates!.pollFeedsNow();
    expect(first?.deferred).toEqual([
      { key: 'a', title: 'Story that will not load', reason: expect.stringMatching(/503/), attempts: 1 },
    ]);
    expect(first?.skipped.map((s) => [s.title, s.reason])).toEqual([
      ['No link here', 'the item has no link'],
      ['Secret link', expect.stringMatching(/user name or password/)],
    ]);
    expect(logged(w, 'feed item not added yet; will retry')).toEqual([
      expect.objectContaining({ level: 40, title: 'Story that will not load', reason: expect.stringMatching(/503/) }),
    ]);
    expect(logged(w, 'feed item skipped').map((l) => l.title)).toEqual(['No link here', 'Secret link']);
    expect(w.rawLogs.join('\n')).not.toContain('hunter2');

    const list = await run(w, 'subscriptions');
    const upstream = list.body.embeds[1].description as string;
    expect(upstream).toMatch(
      /^• Feed \*\*Frontera\*\*: “Story that will not load” not added yet \(1 failed attempt, tried again at the next poll\): .*503/m,
    );
    expect(upstream).toMatch(
      /^• Feed \*\*Frontera\*\*: “Secret link” skipped <t:\d+:R>: the address contains a user name or password/m,
    );

    due();
    const [second] = await w.bot.updates!.pollFeedsNow();
    expect(second?.skipped).toEqual([
      {
        key: 'a',
        title: 'Story that will not load',
        reason: expect.stringMatching(/^gave up after 2 attempts: .*503/),
      },
    ]);
    const after = (await run(w, 'subscriptions')).body.embeds[1].description as string;
    expect(after).toMatch(
      /^• Feed \*\*Frontera\*\*: “Story that will not load” skipped <t:\d+:R>: gave up after 2 attempts: .*503/m,
    );
    expect(after).not.toMatch(/not added yet/);
    due();
    const [third] = await w.bot.updates!.pollFeedsNow();
    expect(third).toMatchObject({ added: [], deferred: [], skipped: [] });
    expect(server.requests.filter((r) => r.path === '/down')).toHaveLength(2);
    expect(server.requests.some((r) => r.path === '/secret')).toBe(false);
  });

  it('DATA_DIR deleted while running: noticed and logged as an error; /subscribe is refused with a clear message', async () => {
    const w = await startWorld({ runtime: { ...FAST, deliveryIntervalMs: 300 } });
    await run(w, 'subscribe');
    fs.rmSync(w.dataDir, { recursive: true, force: true });
    await expect
      .poll(
        () => logged(w, 'database file missing: changes are refused until the bot is restarted with its data').length,
        { timeout: 5000 },
      )
      .toBe(1);
    expect(
      logged(w, 'database file missing: changes are refused until the bot is restarted with its data')[0],
    ).toMatchObject({ level: 50, problem: expect.stringMatching(/deleted or replaced/) });
    const refused = await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: ALICE });
    expect(refused.ephemeral).toBe(true);
    expect(refused.body.content).toMatch(/^Nothing was changed: the bot's database file is missing/);
    expect(refused.body.content).not.toMatch(/Subscribed/);
    expect(logged(w, 'database refused a change')).toEqual([
      expect.objectContaining({ level: 50, command: 'subscribe', error: expect.stringMatching(/deleted or replaced/) }),
    ]);
  });
});

describe('clear messages', () => {
  it('refuses a filter with no searchable word, saying why', async () => {
    const w = await startWorld();
    for (const filter of ['the of and', 'de la "of the"']) {
      const refused = await run(w, 'subscribe', [{ name: 'filter', value: filter }]);
      expect(refused.ephemeral).toBe(true);
      expect(refused.body.content).toMatch(
        /has no word that search can match: words as common as "the", "of", "and".* are not indexed, so it would match every document/,
      );
    }
    expect(w.store.listSubscriptions()).toHaveLength(0);
    const fine = await run(w, 'subscribe', [{ name: 'filter', value: 'the fentanyl' }]);
    expect(fine.body.content).toMatch(/^Subscribed <#\d+> to new documents matching `the fentanyl`/);
  });

  it('refuses a channel where the bot cannot post, naming the missing permissions; accepts one where it can', async () => {
    const w = await startWorld({ sigDenied: (1n << 11n) | (1n << 14n) });
    const sig = channelOption(w, w.sigChannelId, 0, 'sig-watch');
    const refused = await run(w, 'subscribe', [sig.option], { resolved: sig.resolved });
    expect(refused.ephemeral).toBe(true);
    expect(refused.body.content).toBe(
      `I cannot post in <#${w.sigChannelId}>: I am missing Send Messages, Embed Links there. Give me them (channel settings → Permissions), then run /subscribe again.`,
    );
    expect(w.store.listSubscriptions()).toHaveLength(0);
    const forum = channelOption(w, w.forumId, 15, 'pact-news');
    const accepted = await run(w, 'subscribe', [forum.option], { resolved: forum.resolved });
    expect(accepted.body.content).toMatch(/^Subscribed <#\d+> to every new document \(subscription #1\)/);
    expect(accepted.body.content).not.toMatch(/could not check/);
  });

  it('caps subscriptions per user and per server', async () => {
    const w = await startWorld({ limits: { perUser: 2, perServer: 3 } });
    await run(w, 'subscribe');
    await run(w, 'subscribe', [{ name: 'filter', value: 'fentanyl' }]);
    const third = await run(w, 'subscribe', [{ name: 'filter', value: 'tunnels' }]);
    expect(third.body.content).toBe(
      'You already have 2 subscriptions, the most one person may have (2). /unsubscribe one you no longer need first; /subscriptions lists them.',
    );
    expect((await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: ALICE })).body.content).toMatch(
      /subscription #3/,
    );
    const full = await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: BOB });
    expect(full.body.content).toMatch(/^This server already has 3 subscriptions, the most one server may have \(3\)\./);
    expect(w.store.listSubscriptions()).toHaveLength(3);
  });

  it('/subscriptions pages a long list', async () => {
    const w = await startWorld();
    const filters = ['fentanyl', 'tunnels', 'arms', 'extradition', 'cartels', 'border', 'sanctions'];
    for (const filter of filters) await run(w, 'subscribe', [{ name: 'filter', value: filter }]);
    const list = await run(w, 'subscriptions');
    expect(list.body.embeds[0].footer.text).toBe(
      'Page 1 of 2 · 7 enabled · 0 disabled · /unsubscribe id:<n> removes one',
    );
    expect(list.body.embeds[0].description.split('\n').map((l: string) => l.split(' · ')[0])).toEqual([
      '#1',
      '#2',
      '#3',
      '#4',
      '#5',
    ]);
    const message = w.discord.originalMessage(list.sent.token);
    const next = customIds(message).find((id) => id.endsWith(':1'))!;
    expect(next).toBe(`subscriptions:page:${MANAGER.id}:1`);
    const press = w.discord.sendInteraction(
      buttonInteraction(w.discord, { customId: next, message, user: MANAGER, permissions: PERMISSIONS.manager }),
    );
    const page2 = await w.discord.waitFor(isCallback(press));
    expect(page2.body.type).toBe(7);
    expect(page2.body.data.embeds[0].description.split('\n').map((l: string) => l.split(' · ')[0])).toEqual([
      '#6',
      '#7',
    ]);
    expect(page2.body.data.embeds[0].footer.text).toMatch(/^Page 2 of 2 · /);
  });

  it('update posts escape mention syntax from source text; a long burst goes out as several digests, each in date order with links', async () => {
    const w = await startWorld({ runtime: HELD });
    await run(w, 'subscribe');
    drop(
      w,
      'pings.md',
      docFile(
        'Ping test',
        ['Ask <@123456789012345678> in <#456456456456456456> or <@&789789789789789789> about it.'],
        'https://news.example/pings',
      ),
    );
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(1);
    await w.bot.updates!.deliverNow();
    const [ping] = posts(w);
    expect(ping?.body.embeds[0].description).toBe(
      'Ask \\<@123456789012345678> in \\<#456456456456456456> or \\<@&789789789789789789> about it.',
    );
    expect(ping?.body.allowed_mentions).toEqual({ parse: [], roles: [] });

    for (let i = 12; i >= 1; i--) {
      drop(
        w,
        `burst-${i}.md`,
        corpusFile(
          {
            title: `Burst item ${i}`,
            date: `2025-10-${String(i).padStart(2, '0')}`,
            language: 'en',
            url: `https://news.example/burst-${i}`,
          },
          [`Border security cooperation, part ${i}.`],
        ),
      );
    }
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 15_000 }).toBe(12);
    await w.bot.updates!.deliverNow();
    await w.bot.updates!.deliverNow();
    const digests = posts(w).slice(1);
    expect(digests.map((p) => p.body.embeds[0].title)).toEqual(['10 new documents', '2 new documents']);
    const linked = digests.map((p) =>
      [
        ...(p.body.embeds[0].description as string).matchAll(
          /\[Burst item (\d+)\]\(https:\/\/news\.example\/burst-(\d+)\)/g,
        ),
      ].map((m) => Number(m[1])),
    );
    for (const list of linked) expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(linked.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('layering', () => {
  it('the update commands exist only when update posts are on', async () => {
    expect(commandsFor(false).map((c) => c.data.name)).toEqual([
      'ask',
      'source',
      'sources',
      'about',
      'quote',
      'speakers',
    ]);
    expect(commandsFor(true).map((c) => c.data.name)).toEqual([
      'ask',
      'source',
      'sources',
      'about',
      'quote',
      'speakers',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'corpus',
    ]);
    const w = await startWorld();
    const off = await deployCommands({
      discordToken: w.discord.token,
      clientId: w.discord.applicationId,
      guildId: w.discord.guilds[0],
      apiUrl: w.discord.apiUrl,
      updatePosts: false,
    });
    expect(off.registered).not.toContain('subscribe');
    expect(off.registered).toHaveLength(6);
  });

  it('src/feeds does not import src/updates (no cycle), and no update post is rendered outside src/discord', () => {
    for (const file of fs.readdirSync(path.join(ROOT, 'src/feeds'))) {
      expect(fs.readFileSync(path.join(ROOT, 'src/feeds', file), 'utf8')).not.toMatch(/from '\.\.\/updates\//);
    }
    for (const file of fs.readdirSync(path.join(ROOT, 'src/updates'))) {
      expect(fs.readFileSync(path.join(ROOT, 'src/updates', file), 'utf8')).not.toMatch(
        /from '\.\.\/discord\/|allowed_mentions/,
      );
    }
  });
});
