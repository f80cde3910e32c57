/**
 * Update posts end to end: the real discord.js client against the Discord stand-in, the real
 * PactIndex on a temporary corpus folder, the SQLite store in a temporary DATA_DIR, feeds and
 * article pages served on 127.0.0.1. /subscribe, /unsubscribe, /subscriptions, /corpus add, and
 * the posts Discord receives (POST /channels/:id/messages, forum threads, DMs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { openStore } from '../src/store/index.js';
import { autocompleteInteraction, ALICE, BOB, PERMISSIONS } from './discord-standin/payloads.js';
import { startLocalServer } from './fixtures/feeds/local-server.js';
import {
  channelOption,
  cleanupWorlds,
  dmChannelOf,
  docFile,
  drop,
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
  FAST,
} from './helpers/update-world.js';
import { at } from './helpers/at.js';

afterEach(cleanupWorlds);

// ---------------------------------------------------------------------------------------------

describe('command definitions', () => {
  it('registers /subscribe, /unsubscribe, /subscriptions and /corpus (Manage Server by default)', () => {
    const byName = new Map(commands.map((c) => [c.data.name, c.data]));
    expect(byName.get('corpus')?.default_member_permissions).toBe('32');
    expect(byName.get('corpus')?.contexts).toEqual([0]);
    // /subscribe stays visible: dm:true is for everyone; channel subscriptions are checked in code.
    expect(byName.get('subscribe')?.options?.map((o) => o.name)).toEqual(['channel', 'filter', 'role', 'dm']);
    expect(byName.get('unsubscribe')?.options?.[0]).toMatchObject({ name: 'id', autocomplete: true, required: true });
  });
});

describe('/subscribe and update posts', () => {
  it('posts a new document once to each matching subscription (channel, filtered channel with role, DM) and to no other', async () => {
    const w = await startWorld();
    const general = w.discord.channelId;

    const all = await run(w, 'subscribe');
    expect(all.ephemeral).toBe(false);
    expect(all.body.content).toMatch(/^Subscribed <#\d+> to every new document \(subscription #1\)/);
    expect(all.body.allowed_mentions).toEqual({ parse: [] });

    const sig = channelOption(w, w.sigChannelId, 0, 'sig-watch');
    const filtered = await run(
      w,
      'subscribe',
      [sig.option, { name: 'filter', value: 'SIG' }, { name: 'role', type: 8, value: ROLE_ID }],
      {
        resolved: { ...sig.resolved, ...roleResolved },
      },
    );
    expect(filtered.body.content).toContain(
      `Subscribed <#${w.sigChannelId}> to new documents matching \`SIG\`, mentioning <@&${ROLE_ID}> (subscription #2)`,
    );
    expect(filtered.body.allowed_mentions).toEqual({ parse: [] }); // the confirmation pings nobody

    const dm = await run(
      w,
      'subscribe',
      [
        { name: 'dm', value: true },
        { name: 'filter', value: 'fentanyl' },
      ],
      { user: ALICE },
    );
    expect(dm.ephemeral).toBe(true);
    expect(dm.body.content).toMatch(/by direct message \(subscription #3\)/);

    const duplicate = await run(w, 'subscribe');
    expect(duplicate.ephemeral).toBe(true);
    expect(duplicate.body.content).toMatch(/already subscribed .*subscription #1/);
    expect(w.store.listSubscriptions()).toHaveLength(3);

    // A document about fentanyl: the unfiltered channel and Alice's DM, not the SIG channel.
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(2);
    await idle(w);
    expect(posts(w)).toHaveLength(2);
    expect(postsTo(w, w.sigChannelId)).toHaveLength(0);
    const [channelPost] = postsTo(w, general);
    expect(channelPost?.body).toMatchObject({
      embeds: [
        { title: 'Fentanyl seizures rise at the northern border', url: 'https://news.example/fentanyl-seizures' },
      ],
      allowed_mentions: { parse: [], roles: [] },
      enforce_nonce: true,
    });
    expect(channelPost?.body.nonce).toMatch(/^.{1,25}$/);
    expect(channelPost?.body.content).toBeUndefined();
    const opened = w.discord.requests.filter((r) => r.path === '/users/@me/channels');
    expect(opened.map((r) => r.body.recipient_id)).toEqual([ALICE.id]);
    const [dmPost] = postsTo(w, dmChannelOf(w, ALICE)!);
    expect(dmPost?.body).toMatchObject({
      embeds: [{ title: 'Fentanyl seizures rise at the northern border' }],
      allowed_mentions: { parse: [], roles: [] },
      enforce_nonce: true,
    });
    expect(dmPost?.body.embeds[0].footer.text).toBe('Matches your subscription: fentanyl');
    expect(dmPost?.body.nonce).not.toBe(channelPost?.body.nonce);

    // A SIG document ("Security Implementation Group" is SIG's alias): the SIG channel, with its role.
    drop(w, 'sig-second-meeting.md', SIG);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(4);
    await idle(w);
    expect(posts(w)).toHaveLength(4);
    const [sigPost] = postsTo(w, w.sigChannelId);
    expect(sigPost?.body).toMatchObject({
      content: `<@&${ROLE_ID}>`,
      embeds: [{ title: 'Security Implementation Group holds second meeting', url: 'https://news.example/sig-second' }],
      allowed_mentions: { parse: [], roles: [ROLE_ID] },
      enforce_nonce: true,
    });
    expect(postsTo(w, general)).toHaveLength(2);
    expect(postsTo(w, dmChannelOf(w, ALICE)!)).toHaveLength(1);
    // The new documents are searchable too.
    expect(w.index.getDocument('sig-second-meeting')?.meta.title).toBe(
      'Security Implementation Group holds second meeting',
    );
  });

  it('posts to a forum channel as a new forum post (thread with the message)', async () => {
    const w = await startWorld();
    const forum = channelOption(w, w.forumId, 15, 'pact-news');
    const res = await run(w, 'subscribe', [forum.option], { resolved: forum.resolved });
    expect(res.body.content).toContain('Each update becomes a new post in the forum.');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => postsTo(w, w.forumId).length, { timeout: 10_000 }).toBe(1);
    const [thread] = postsTo(w, w.forumId);
    expect(thread?.path).toBe(`/channels/${w.forumId}/threads`);
    expect(thread?.body).toMatchObject({
      name: 'Fentanyl seizures rise at the northern border',
      message: {
        embeds: [{ title: 'Fentanyl seizures rise at the northern border' }],
        allowed_mentions: { parse: [], roles: [] },
      },
    });
    await idle(w);
    expect(w.store.listDeliveries({ state: 'sent' })).toHaveLength(1);
  });

  it('refuses non-managers (channel subscriptions, /corpus add) and bad options, ephemerally', async () => {
    const w = await startWorld();
    const refused = await run(w, 'subscribe', [], { user: BOB, manager: false });
    expect(refused.ephemeral).toBe(true);
    expect(refused.body.content).toMatch(/Manage Server.*\/subscribe dm:true/);
    const corpus = await run(w, 'corpus', [], {
      user: BOB,
      manager: false,
      rawOptions: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'https://example.org/a' }] }],
    });
    expect(corpus.ephemeral).toBe(true);
    expect(corpus.body.content).toMatch(/Manage Server/);

    const mixed = await run(
      w,
      'subscribe',
      [
        { name: 'dm', value: true },
        { name: 'role', type: 8, value: ROLE_ID },
      ],
      { resolved: roleResolved },
    );
    expect(mixed.ephemeral).toBe(true);
    expect(mixed.body.content).toMatch(/leave out `channel` and `role`/);
    const empty = await run(w, 'subscribe', [{ name: 'filter', value: '""' }]);
    expect(empty.body.content).toMatch(/no words/);
    const guildId = at(w.discord.guilds, 0); // @everyone's role id is the guild's id
    const everyone = await run(w, 'subscribe', [{ name: 'role', type: 8, value: guildId }], {
      resolved: { roles: { [guildId]: { ...roleResolved.roles[ROLE_ID], id: guildId, name: '@everyone' } } },
    });
    expect(everyone.body.content).toMatch(/@everyone/);
    expect(w.store.listSubscriptions()).toHaveLength(0);

    // Bob may subscribe himself by DM, and sees only his own subscriptions.
    const mine = await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: BOB, manager: false });
    expect(mine.body.content).toMatch(/subscription #1/);
    await run(w, 'subscribe');
    const list = await run(w, 'subscriptions', [], { user: BOB, manager: false });
    expect(list.ephemeral).toBe(true);
    expect(list.body.embeds[0].description).toMatch(/^#1 · your DMs · every new document$/);
    // Bob cannot remove the server's subscription; the manager can, and autocomplete offers it.
    const notYours = await run(w, 'unsubscribe', [{ name: 'id', value: 2 }], { user: BOB, manager: false });
    expect(notYours.body.content).toMatch(/no subscription #2 that you can remove/);
    const since = w.discord.requests.length;
    w.discord.sendInteraction(
      autocompleteInteraction(w.discord, {
        name: 'unsubscribe',
        user: MANAGER,
        permissions: PERMISSIONS.manager,
        options: [{ name: 'id', type: 4, value: '', focused: true }],
      }),
    );
    const choices = await w.discord.waitFor((r) => r.path.endsWith('/callback') && r.body.type === 8, { since });
    expect(choices.body.data.choices).toEqual([{ name: '#2 · #general · everything', value: 2 }]);
    const removed = await run(w, 'unsubscribe', [{ name: 'id', value: 2 }]);
    expect(removed.body.content).toMatch(/^Unsubscribed: #2 · <#\d+> · every new document/);
    expect(w.store.listSubscriptions().map((s) => s.id)).toEqual([1]);

    // In a DM with the bot, /subscribe subscribes you by DM; a channel cannot be subscribed from there.
    const inDm = await run(w, 'subscribe', [{ name: 'filter', value: 'cartels' }], { user: BOB, guildId: null });
    expect(inDm.body.content).toMatch(/by direct message \(subscription #3\)/);
    expect(w.store.getSubscription(3)).toMatchObject({ kind: 'dm', guildId: null, userId: BOB.id, filter: 'cartels' });
    const noChannel = await run(w, 'subscribe', [{ name: 'dm', value: false }], { user: BOB, guildId: null });
    expect(noChannel.body.content).toMatch(/only be subscribed from inside their server/);

    // A channel the bot cannot post in is refused, naming what is missing.
    const before = w.store.listSubscriptions().length;
    const refusedHere = await run(w, 'subscribe', [{ name: 'filter', value: 'tunnels' }], {
      appPermissions: (1024n | 2048n).toString(),
    });
    expect(refusedHere.ephemeral).toBe(true);
    expect(refusedHere.body.content).toMatch(/^I cannot post in <#\d+>: I am missing Embed Links there\./);
    expect(w.store.listSubscriptions()).toHaveLength(before);
  });
});

describe('delivery failures', () => {
  it('a 403 Missing Permissions (50013) disables the subscription, DMs its creator, and /subscriptions shows why', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    w.discord.injectError({
      method: 'POST',
      path: `/channels/${w.discord.channelId}/messages`,
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    drop(w, 'broken.md', '---\ntitle: Broken\n---\n\nNo date here.\n');

    await expect.poll(() => w.store.getSubscription(1)?.enabled, { timeout: 10_000 }).toBe(false);
    expect(w.store.getSubscription(1)?.disabledReason).toMatch(/Missing Permissions/);
    await expect.poll(() => dmChannelOf(w, MANAGER), { timeout: 5000 }).toBeDefined();
    await expect.poll(() => w.discord.channelMessages(dmChannelOf(w, MANAGER)!).length, { timeout: 5000 }).toBe(1);
    const [notice] = w.discord.channelMessages(dmChannelOf(w, MANAGER)!);
    expect(notice.content).toMatch(
      /^Subscription #1, update posts to <#\d+>, has been \*\*disabled\*\*: .*Missing Permissions\)\. /,
    );
    // /subscribe alone turns it back on: the notice says so, and not "/unsubscribe and /subscribe again".
    expect(notice.content).toMatch(/run \/subscribe channel:<#\d+> with the same options \(that re-enables #1\)/);
    expect(notice.content).not.toMatch(/unsubscribe/);
    expect(w.discord.channelMessages(w.systemChannelId)).toHaveLength(0);

    await expect.poll(() => w.index.problems().length, { timeout: 5000 }).toBe(1);
    const list = await run(w, 'subscriptions');
    expect(list.ephemeral).toBe(true);
    expect(list.body.embeds[0].description).toMatch(
      /^#1 · <#\d+> · every new document\n {2}\*\*Disabled\*\*: the bot lacks permission to post there/,
    );
    expect(list.body.embeds[0].footer.text).toMatch(/^Page 1 of 1 · 0 enabled · 1 disabled/);
    expect(list.body.embeds[1].description).toMatch(/Corpus file `broken\.md` not loaded: date/);
    expect(w.logs.some((l) => l.msg === 'subscription disabled' && l.subscriptionId === 1)).toBe(true);

    // Nothing more goes to the channel; subscribing it again re-enables the subscription.
    drop(w, 'sig-second-meeting.md', SIG);
    await expect.poll(() => w.index.getDocument('sig-second-meeting'), { timeout: 10_000 }).toBeDefined();
    await idle(w);
    expect(postsTo(w, w.discord.channelId)).toHaveLength(0);
    const again = await run(w, 'subscribe');
    expect(again.body.content).toMatch(/was disabled .*it is enabled again/);
    expect(w.store.getSubscription(1)?.enabled).toBe(true);
  });

  it('when the creator cannot be DMed, the notice goes to the server system channel', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    w.discord.injectError({
      method: 'POST',
      path: `/channels/${w.discord.channelId}/messages`,
      status: 404,
      code: 10003,
      message: 'Unknown Channel',
    });
    w.discord.injectError({
      method: 'POST',
      path: '/users/@me/channels',
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => w.discord.channelMessages(w.systemChannelId).length, { timeout: 10_000 }).toBe(1);
    const [notice] = w.discord.channelMessages(w.systemChannelId);
    expect(notice.content).toMatch(
      new RegExp(`^<@${MANAGER.id}>: Subscription #1, .*disabled\\*\\*: the channel no longer exists`),
    );
    const request = w.discord.requests.find((r) => r.path === `/channels/${w.systemChannelId}/messages`)!;
    expect(request.body.allowed_mentions).toEqual({ parse: [], users: [MANAGER.id] });
    expect(w.store.getSubscription(1)?.disabledReason).toMatch(/Unknown Channel/);
  });
});

describe('restarts', () => {
  it('a restart between queueing and sending loses nothing and duplicates nothing', async () => {
    // The first bot waits a minute before delivering: it is stopped with the post still queued.
    const w = await startWorld({ runtime: { ...FAST, burstDelayMs: 60_000 } });
    await run(w, 'subscribe');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(1);
    await w.stopBot();
    expect(posts(w)).toHaveLength(0);

    await w.startAgain();
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    await idle(w);
    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(1);
    expect(w.store.listDeliveries({ state: 'sent' })).toHaveLength(1);

    // Restarting again announces nothing: the document is known and its delivery recorded.
    await w.startAgain();
    await idle(w);
    expect(posts(w)).toHaveLength(1);
  });

  it('a post Discord accepted but the bot did not record is resent with the same nonce and not duplicated', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    const general = w.discord.channelId;
    // Discord creates the message, but the answer is lost (a 500 after the fact).
    let lost = 0;
    w.discord.route('POST', '/channels/:channelId/messages', (req, standin) => {
      const same = standin.channelMessages(req.params.channelId ?? '').find((m) => m.nonce === req.body.nonce);
      if (same) return { status: 200, body: same };
      const id = `${Date.now()}0000000`.slice(0, 18);
      standin.messages.set(id, {
        id,
        channel_id: req.params.channelId,
        nonce: req.body.nonce,
        embeds: req.body.embeds,
        content: '',
      });
      lost += 1;
      return lost === 1
        ? { status: 500, body: { message: 'Internal Server Error', code: 0 } }
        : { status: 200, body: standin.messages.get(id) };
    });
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect
      .poll(() => w.store.listDeliveries({ state: 'pending' })[0]?.lastError ?? '', { timeout: 10_000 })
      .toMatch(/server error \(500\)/);
    const [pending] = w.store.listDeliveries({ state: 'pending' });
    // Time passes (the retry is due), and the bot restarts.
    await w.stopBot();
    const store = openStore(w.dataDir);
    store.db.prepare('UPDATE deliveries SET next_attempt_at = 0').run();
    store.close();
    await w.startAgain();
    await expect.poll(() => w.store.listDeliveries({ state: 'sent' }).length, { timeout: 10_000 }).toBe(1);
    const attempts = w.discord.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
    );
    expect(attempts).toHaveLength(2);
    expect(attempts.map((r) => r.body.nonce)).toEqual([pending?.nonce, pending?.nonce]);
    // One message in the channel carries the nonce (the other is the /subscribe confirmation).
    expect(w.discord.channelMessages(general).filter((m) => m.nonce === pending?.nonce)).toHaveLength(1);
  });
});

describe('feeds, /corpus add and bursts', () => {
  const rss = (items: { title: string; link: string; date: string }[]) =>
    rssFeed(items.map((i) => ({ ...i, description: i.title })));

  it("a feed's first poll announces nothing; its next new item is announced once", async () => {
    const server = await startLocalServer(30_000);
    servers.push(server);
    server.routes.set('/old', {
      headers: { 'content-type': 'text/html' },
      body: fs.readFileSync(path.join(FIXTURES, 'articles/diario-acuerdo.html')),
    });
    server.routes.set('/story', {
      headers: { 'content-type': 'text/html' },
      body: fs.readFileSync(path.join(FIXTURES, 'articles/frontera-extraditions.html')),
    });
    const old = { title: 'Old story', link: server.url('/old'), date: 'Mon, 15 Sep 2025 10:00:00 GMT' };
    server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([old]) });
    const w = await startWorld({
      files: {
        'feeds.yml': `feeds:\n  - name: Frontera\n    url: ${server.url('/feed.xml')}\n    interval: 5\n  - name: Gone\n    url: ${server.url('/gone.xml')}\n  - name: Bad\n    interval: 1\n`,
      },
    });
    await run(w, 'subscribe');

    const first = await w.bot.updates!.pollFeedsNow();
    expect(first).toMatchObject([
      { name: 'Frontera', status: 'initialized', added: [] },
      { name: 'Gone', status: 'failed' },
    ]);
    await idle(w);
    expect(posts(w)).toHaveLength(0);
    // /subscriptions tells about the failing feed and the bad feeds.yml entry.
    const list = await run(w, 'subscriptions');
    expect(list.body.embeds[1].title).toBe('Problems upstream');
    expect(list.body.embeds[1].description).toMatch(
      /^• Feed \*\*Gone\*\* failing since <t:\d+:R> \(1×\): .*404.*; next try <t:\d+:R>$/m,
    );
    expect(list.body.embeds[1].description).toMatch(/^• feeds\.yml, Bad: /m);

    server.routes.set('/feed.xml', {
      headers: { 'content-type': 'application/rss+xml' },
      body: rss([
        {
          title: 'Mexico extradites 26 cartel figures to the United States',
          link: server.url('/story'),
          date: 'Fri, 19 Sep 2025 20:30:00 GMT',
        },
        old,
      ]),
    });
    const due = () => w.store.updateFeedState(server.url('/feed.xml'), { lastPolledAt: 0 });
    due();
    const second = await w.bot.updates!.pollFeedsNow();
    expect(second).toMatchObject([
      {
        name: 'Frontera',
        status: 'updated',
        added: [{ title: 'Mexico extradites 26 cartel figures to the United States' }],
      },
    ]);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    expect(posts(w)[0]?.body.embeds[0]).toMatchObject({
      title: 'Mexico extradites 26 cartel figures to the United States',
      url: server.url('/story'),
    });

    due();
    expect(await w.bot.updates!.pollFeedsNow()).toMatchObject([{ name: 'Frontera', added: [] }]);
    await idle(w);
    expect(posts(w)).toHaveLength(1);
  });

  it('/corpus add url: adds a page (deferred, ephemeral) and it is announced; a page without an article is refused', async () => {
    const server = await startLocalServer(30_000);
    servers.push(server);
    server.routes.set('/story', {
      headers: { 'content-type': 'text/html' },
      body: fs.readFileSync(path.join(FIXTURES, 'articles/frontera-extraditions.html')),
    });
    server.routes.set('/empty', {
      headers: { 'content-type': 'text/html' },
      body: fs.readFileSync(path.join(FIXTURES, 'articles/no-article.html')),
    });
    const w = await startWorld();
    await run(w, 'subscribe');

    const add = (url: string) =>
      run(w, 'corpus', [], { rawOptions: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: url }] }] });
    const added = await add(server.url('/story'));
    expect(added.callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(added.body.content).toMatch(
      /^Added \[Mexico extradites 26 cartel figures to the United States\]\(http:\/\/127\.0\.0\.1:\d+\/story\) \(2025-09-19\) as `[\w.-]+\.md`/,
    );
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    expect(posts(w)[0]?.body.embeds[0].title).toBe('Mexico extradites 26 cartel figures to the United States');
    const file = fs.readdirSync(w.corpusDir).find((f) => f.includes('extradites'))!;
    expect(fs.readFileSync(path.join(w.corpusDir, file), 'utf8')).toMatch(
      /added with \/corpus add on .* by mara \(444444444444444444\)/,
    );

    const again = await add(server.url('/story'));
    expect(again.body.content).toMatch(/^Not added\. That page is already in the corpus/);
    const empty = await add(server.url('/empty'));
    expect(empty.body.content).toMatch(/^Not added\. I found no article text/);
    await idle(w);
    expect(posts(w)).toHaveLength(1);
  });

  it('a burst of documents becomes one digest post per subscription', async () => {
    const w = await startWorld();
    await run(w, 'subscribe');
    await run(w, 'subscribe', [{ name: 'dm', value: true }], { user: ALICE });
    for (let i = 1; i <= 4; i++) {
      drop(
        w,
        `burst-${i}.md`,
        docFile(
          `Burst document ${i}`,
          [`Paragraph about the pact number ${i}, on border security cooperation.`],
          `https://news.example/burst-${i}`,
        ),
      );
    }
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(2);
    await idle(w);
    expect(posts(w)).toHaveLength(2);
    for (const post of posts(w)) {
      expect(post.body.embeds[0].title).toBe('4 new documents');
      for (let i = 1; i <= 4; i++)
        expect(post.body.embeds[0].description).toContain(`[Burst document ${i}](https://news.example/burst-${i})`);
      expect(post.body).toMatchObject({ allowed_mentions: { parse: [], roles: [] }, enforce_nonce: true });
    }
    expect(new Set(posts(w).map((p) => p.path))).toEqual(
      new Set([`/channels/${w.discord.channelId}/messages`, `/channels/${dmChannelOf(w, ALICE)}/messages`]),
    );
  });

  it('over the hourly cap, posts wait (and /subscriptions shows them queued) instead of being dropped', async () => {
    const w = await startWorld({ maxPostsPerChannelPerHour: 1 });
    await run(w, 'subscribe');
    drop(w, 'fentanyl-seizures.md', FENTANYL);
    await expect.poll(() => posts(w).length, { timeout: 10_000 }).toBe(1);
    drop(w, 'sig-second-meeting.md', SIG);
    // The second document's delivery, by name: the first one is also pending until its send is recorded.
    await expect
      .poll(() => w.store.listDeliveries({ state: 'pending' }).map((d) => d.documentId), { timeout: 10_000 })
      .toEqual(['sig-second-meeting']);
    await idle(w);
    expect(await w.bot.updates!.deliverNow()).toMatchObject({
      sent: [],
      waiting: [{ subscriptionId: 1, documentIds: ['sig-second-meeting'] }],
    });
    expect(posts(w)).toHaveLength(1);
    const list = await run(w, 'subscriptions');
    expect(list.body.embeds[0].description).toMatch(
      /^#1 · <#\d+> · every new document\n {2}1 document waiting · next post <t:\d+:R>: the cap of 1 post per hour here is reached$/,
    );
  });
});
