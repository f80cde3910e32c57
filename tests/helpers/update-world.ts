/**
 * A world for update-post tests: the real discord.js client against the Discord stand-in, the real
 * PactIndex on a temporary corpus folder, the SQLite store in a temporary DATA_DIR. Helpers run
 * slash commands and read back the posts Discord received. Call `cleanupWorlds` in `afterEach`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandsFor } from '../../commands/index.js';
import { startBot, type Bot } from '../../src/discord/client.js';
import type { BotUpdatesOptions } from '../../src/discord/updates.js';
import { createLogger } from '../../src/log.js';
import { PactIndex } from '../../src/pact-index.js';
import { extractQuotes } from '../../src/quotes/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { commandInteraction, PERMISSIONS, type OptionInput, type TestUser } from '../discord-standin/payloads.js';
import { DiscordStandIn, type RecordedRequest } from '../discord-standin/server.js';
import { captureLogs } from '../discord-standin/harness.js';
import { isCallback } from '../discord-standin/requests.js';
import type { LocalServer } from '../fixtures/feeds/local-server.js';
import { corpusFile } from './corpus.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const ROOT = path.resolve('.');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
export const ROLE_ID = '333333333333333333';

export interface World {
  discord: DiscordStandIn;
  bot: Bot;
  store: Store;
  index: PactIndex;
  corpusDir: string;
  dataDir: string;
  forumId: string;
  sigChannelId: string;
  systemChannelId: string;
  logs: Json[];
  /** The log lines as written (to check nothing secret was logged). */
  rawLogs: string[];
  /** Stops the bot (and its updates runtime) and closes the store, as a SIGTERM does. */
  stopBot(): Promise<void>;
  /** A new bot (new client, new store handle, new index) on the same folders and stand-in. */
  startAgain(runtime?: BotUpdatesOptions['runtime']): Promise<void>;
  cleanup(): Promise<void>;
}

export const worlds: World[] = [];
export const servers: LocalServer[] = [];
/** For `afterEach`: stops every world and local server started by the test. */
export async function cleanupWorlds(): Promise<void> {
  for (const w of worlds.splice(0)) await w.cleanup();
  for (const s of servers.splice(0)) await s.close();
}

export const FAST = { burstDelayMs: 400, stabilityMs: 100, deliveryIntervalMs: 60_000, feedTickMs: 0 } as const;

export async function startWorld(
  options: {
    runtime?: BotUpdatesOptions['runtime'];
    files?: Record<string, string>;
    maxPostsPerChannelPerHour?: number;
    limits?: BotUpdatesOptions['limits'];
    /** Permissions @everyone is denied in #sig-watch (a permission overwrite). */
    sigDenied?: bigint;
    /** Every document of the shipped corpus/ (not its feeds.yml), instead of the joint communiqué alone. */
    shippedCorpus?: boolean;
    /** How feeds and /corpus add fetch; default: 127.0.0.1 (the local test servers) allowed. */
    fetchOptions?: BotUpdatesOptions['fetchOptions'];
  } = {},
): Promise<World> {
  const corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-sub-corpus-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-sub-data-'));
  const shipped = options.shippedCorpus
    ? fs.readdirSync(path.join(ROOT, 'corpus')).filter((n) => /\.(md|txt)$/.test(n))
    : ['us-mx-joint-communique-2025-09-03-en.md'];
  for (const name of ['aliases.yml', ...shipped])
    fs.copyFileSync(path.join(ROOT, 'corpus', name), path.join(corpusDir, name));
  for (const [name, text] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(corpusDir, name), text);

  const discord = await DiscordStandIn.start();
  const forumId = discord.addChannel({ type: 15, name: 'pact-news' });
  const sigChannelId = discord.addChannel({ type: 0, name: 'sig-watch' });
  const systemChannelId = discord.addChannel({ type: 0, name: 'system' });
  discord.systemChannelId = systemChannelId;
  if (options.sigDenied) {
    discord.extraChannels.get(sigChannelId).permission_overwrites = [
      { id: discord.guilds[0], type: 0, allow: '0', deny: options.sigDenied.toString() },
    ];
  }
  // The bot's own member (no roles: @everyone's permissions), for permission checks in other channels.
  discord.route('GET', '/guilds/:guildId/members/:userId', (req, standin) =>
    req.params.userId === standin.botUser.id
      ? {
          status: 200,
          body: {
            user: standin.botUser,
            roles: [],
            joined_at: '2025-01-01T00:00:00.000000+00:00',
            deaf: false,
            mute: false,
            flags: 0,
          },
        }
      : { status: 404, body: { message: 'Unknown Member', code: 10007 } },
  );

  const { logs, rawLogs, destination } = captureLogs();
  const logger = createLogger({ level: 'debug', secrets: [discord.token], destination });

  const launch = async (runtime: BotUpdatesOptions['runtime'] = options.runtime ?? FAST) => {
    const store = openStore(dataDir);
    const index = await PactIndex.open({ corpusDir, dataDir });
    const bot = await startBot({
      commands: commandsFor(true),
      config: { discordToken: discord.token, apiUrl: discord.apiUrl },
      index,
      logger,
      clientOptions: { rest: { retries: 0, timeout: 5000 } },
      updates: {
        store,
        corpusDir,
        index,
        quotesFor: extractQuotes,
        runtime: { ...runtime, maxPostsPerChannelPerHour: options.maxPostsPerChannelPerHour ?? 6 },
        fetchOptions: options.fetchOptions ?? { timeoutMs: 5000, allowHosts: ['127.0.0.1'] }, // the local test servers
        ...(options.limits ? { limits: options.limits } : {}),
      },
    });
    return { store, index, bot };
  };

  const first = await launch();
  let running = true;
  const world: World = {
    discord,
    ...first,
    corpusDir,
    dataDir,
    forumId,
    sigChannelId,
    systemChannelId,
    logs,
    rawLogs,
    async stopBot() {
      if (!running) return;
      running = false;
      await world.bot.stop();
      world.store.close();
    },
    async startAgain(runtime) {
      await world.stopBot();
      Object.assign(world, await launch(runtime));
      running = true;
    },
    async cleanup() {
      await world.stopBot();
      await discord.close();
      fs.rmSync(corpusDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  worlds.push(world);
  return world;
}

// ---------------------------------------------------------------------------------------------
// Interactions

export const MANAGER: TestUser = { id: '444444444444444444', username: 'mara', global_name: 'Mara' };

export interface Run {
  sent: Json;
  callback: RecordedRequest;
  /** The message body of the first response (type 4 data), or of the deferred edit. */
  body: Json;
  ephemeral: boolean;
}

export async function run(
  w: World,
  name: string,
  options: OptionInput[] = [],
  extra: {
    user?: TestUser;
    manager?: boolean;
    guildId?: string | null;
    resolved?: Json;
    rawOptions?: Json[];
    appPermissions?: string;
  } = {},
): Promise<Run> {
  const since = w.discord.requests.length;
  const payload = commandInteraction(w.discord, {
    name,
    options,
    user: extra.user ?? MANAGER,
    guildId: extra.guildId,
    permissions:
      extra.manager === false
        ? PERMISSIONS.member
        : extra.user && extra.manager === undefined
          ? PERMISSIONS.member
          : PERMISSIONS.manager,
    resolved: extra.resolved,
    appPermissions: extra.appPermissions,
  });
  if (extra.rawOptions) payload.data.options = extra.rawOptions;
  const sent = w.discord.sendInteraction(payload);
  const callback = await w.discord.waitFor(isCallback(sent), { since });
  if (callback.body.type === 5) {
    const edit = await w.discord.waitFor(
      (r) => r.method === 'PATCH' && decodeURIComponent(r.path).endsWith(`/${sent.token}/messages/@original`),
      { since, timeout: 15_000 },
    );
    return { sent, callback, body: edit.body, ephemeral: (callback.body.data?.flags & 64) === 64 };
  }
  return { sent, callback, body: callback.body.data, ephemeral: (callback.body.data?.flags & 64) === 64 };
}

export const channelOption = (w: World, id: string, type: number, name: string) => ({
  option: { name: 'channel', type: 7, value: id } as OptionInput,
  resolved: { channels: { [id]: { id, type, name, permissions: PERMISSIONS.manager, parent_id: null } } },
});

export const roleResolved = {
  roles: {
    [ROLE_ID]: {
      id: ROLE_ID,
      name: 'pact-watchers',
      color: 0,
      hoist: false,
      position: 1,
      permissions: '0',
      managed: false,
      mentionable: true,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Posts

/** Update posts the bot made: channel messages with a nonce, and forum threads. */
export function posts(w: World, since = 0): RecordedRequest[] {
  return w.discord.requests
    .slice(since)
    .filter(
      (r) =>
        r.method === 'POST' &&
        r.status < 300 &&
        (/^\/channels\/\d+\/threads$/.test(r.path) || (/^\/channels\/\d+\/messages$/.test(r.path) && r.body?.nonce)),
    );
}

export const postsTo = (w: World, channelId: string) =>
  posts(w).filter((r) => r.path.startsWith(`/channels/${channelId}/`));
export const dmChannelOf = (w: World, user: TestUser) => w.discord.dmChannel(user.id)?.id as string | undefined;

/**
 * Waits until the bot's updates runtime has nothing in flight (no file being handled, no burst
 * waiting, no delivery run going): after it, "nothing more arrives" can be asserted.
 */
export async function idle(w: World): Promise<void> {
  if (!w.bot.updates) throw new Error('this world was started without update posts');
  await w.bot.updates.idle();
}

/**
 * An RSS feed, "Frontera Daily", of `items`: each keyed by its guid (default: its link), dated
 * 19 September 2025 unless given, with a description only when given.
 */
export function rssFeed(
  items: { title: string; link?: string; guid?: string; date?: string; description?: string }[],
): string {
  const item = (i: (typeof items)[number]) =>
    `<item><title>${i.title}</title>${i.link ? `<link>${i.link}</link>` : ''}<guid isPermaLink="false">${i.guid ?? i.link ?? i.title}</guid>` +
    `<pubDate>${i.date ?? 'Fri, 19 Sep 2025 20:30:00 GMT'}</pubDate>${i.description ? `<description>${i.description}</description>` : ''}</item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontera Daily</title><link>https://frontera.example/</link><description>Border news</description>
${items.map(item).join('\n')}
</channel></rss>`;
}

export function docFile(title: string, paragraphs: string[], url?: string): string {
  return corpusFile(
    { title, date: '2025-10-20', publisher: 'Test Wire', language: 'en', ...(url ? { url } : {}) },
    paragraphs,
  );
}

export const FENTANYL = docFile(
  'Fentanyl seizures rise at the northern border',
  [
    'Customs officers reported record fentanyl seizures at three crossings this month.',
    '“We are seeing the results of joint work,” the customs chief said.',
  ],
  'https://news.example/fentanyl-seizures',
);
export const SIG = docFile(
  'Security Implementation Group holds second meeting',
  ['The Security Implementation Group met in Washington to review arms trafficking cases.'],
  'https://news.example/sig-second',
);

export function drop(w: World, name: string, text: string): void {
  fs.writeFileSync(path.join(w.corpusDir, name), text);
}
