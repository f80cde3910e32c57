/** The Discord stand-in itself: what other tests (DMs, channel posts) can rely on. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError } from 'discord.js';
import { startBot, type Bot } from '../src/discord/client.js';
import { createLogger } from '../src/log.js';
import { DiscordStandIn } from './discord-standin/server.js';
import { fakeIndex } from './helpers/fake-index.js';

const emptyIndex = fakeIndex();

let discord: DiscordStandIn;
let bot: Bot;

beforeAll(async () => {
  discord = await DiscordStandIn.start({ guilds: ['100000000000000001', '100000000000000002'] });
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  bot = await startBot({
    config: { discordToken: discord.token, apiUrl: discord.apiUrl },
    index: emptyIndex,
    logger,
    commands: [],
  });
});
afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

describe('DiscordStandIn', () => {
  it('serves the gateway: READY with unavailable guilds, then GUILD_CREATE for each', () => {
    expect(bot.client.guilds.cache.map((g) => g.id).sort()).toEqual(['100000000000000001', '100000000000000002']);
    expect(bot.client.user.id).toBe(discord.applicationId);
    expect(discord.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', status: 200 });
  });

  it('opens DM channels (the same one per user) and records posts to them', async () => {
    const dm = await bot.client.users.createDM('333333333333333333');
    await dm.send({ content: 'hello <@333333333333333333>', allowedMentions: { parse: [] } });
    const again = await bot.client.users.createDM('333333333333333333', { force: true });
    expect(again.id).toBe(dm.id);
    expect(discord.dmChannel('333333333333333333')?.id).toBe(dm.id);
    const post = await discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${dm.id}/messages`);
    expect(post.body).toMatchObject({ content: 'hello <@333333333333333333>', allowed_mentions: { parse: [] } });
    expect(post.headers.authorization).toBe(`Bot ${discord.token}`);
    expect(discord.channelMessages(dm.id).map((m) => m.content)).toEqual(['hello <@333333333333333333>']);
  });

  it('posts, edits and deletes channel messages', async () => {
    const channel = await bot.client.channels.fetch(discord.channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const message = await channel.send({ content: 'first', allowedMentions: { parse: [] } });
    await message.edit({ content: 'second' });
    expect(discord.messages.get(message.id)?.content).toBe('second');
    await message.delete();
    expect(discord.messages.has(message.id)).toBe(false);
  });

  it('fails the next matching request with an injected Discord error, once', async () => {
    discord.injectError({
      method: 'POST',
      path: '/channels/:channelId/messages',
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    const dm = await bot.client.users.createDM('444444444444444444');
    const error = await dm.send('first try').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
    expect((error as DiscordAPIError).status).toBe(403);
    await expect(dm.send('second try')).resolves.toBeDefined();
    const posts = discord.requests.filter((r) => r.path === `/channels/${dm.id}/messages`);
    expect(posts.map((r) => [r.route, r.status])).toEqual([
      ['injected', 403],
      ['/channels/:channelId/messages', 200],
    ]);
  });

  it('answers unknown routes with a Discord-style 404 and lets tests add routes', async () => {
    discord.route('GET', '/guilds/:guildId/roles', (req) => ({
      status: 200,
      body: [
        {
          id: req.params.guildId,
          name: '@everyone',
          permissions: '0',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
    }));
    const roles = await bot.client.rest.get('/guilds/100000000000000001/roles');
    expect(roles).toHaveLength(1);
    const error = await bot.client.rest.get('/no/such/route').catch((e: unknown) => e);
    expect((error as DiscordAPIError).status).toBe(404);
  });
});
