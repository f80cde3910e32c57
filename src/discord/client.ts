/** Starting and stopping the bot: one discord.js client, Guilds intent only, one router. */
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createRouter } from './router.js';
import type { RateLimitSettings } from './rate-limit.js';
import type { AnswerIndex, Command, CommandContext, UpdatesCommandContext } from './types.js';
import type { UpdatesRuntime } from '../updates/runtime.js';
import { createUpdatesContext, startBotUpdates, type BotUpdatesOptions } from './updates.js';

export interface StartBotOptions {
  config: Pick<Config, 'discordToken' | 'apiUrl'>;
  index: AnswerIndex;
  logger: Logger;
  /** The commands to route, handed in by the entry point (src/main.ts: `commandsFor`), so this layer never imports commands/. */
  commands: readonly Command<UpdatesCommandContext>[];
  /** Extra discord.js options (tests lower REST retries and timeouts). */
  clientOptions?: Partial<ClientOptions>;
  /** Update posts (/subscribe…, corpus watcher, feeds, delivery). Off when left out. */
  updates?: BotUpdatesOptions;
  /** Per-user command limit (COMMANDS_PER_MINUTE, COMMAND_BURST); none when left out. */
  rateLimit?: RateLimitSettings;
}

export interface Bot {
  client: Client<true>;
  /** The update-posts runtime, when `updates` was given. */
  updates?: UpdatesRuntime;
  stop(): Promise<void>;
}

/**
 * Requests a second discord.js may send before it holds the rest back (its default is 50, Discord's
 * global limit). Discord exempts interaction responses from that limit, but discord.js counts
 * them: at 50 people asking at once, every answer after the 50th request of the second waited up
 * to a second. Other requests stay well under 50 a second (update posts go one at a time), and if
 * they ever exceed Discord's limit, its 429 makes discord.js pause and retry: nothing is lost.
 */
export const REST_REQUESTS_PER_SECOND = 500;

/** A discord.js REST option object pointing at `apiUrl` when one is configured. */
export function restOptions(apiUrl: string | undefined): { api?: string } {
  return apiUrl ? { api: apiUrl } : {};
}

/** Logs in and resolves once the client is ready (every guild received). */
export async function startBot({
  config,
  index,
  logger,
  commands,
  clientOptions = {},
  updates,
  rateLimit,
}: StartBotOptions): Promise<Bot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...clientOptions,
    rest: { globalRequestsPerSecond: REST_REQUESTS_PER_SECOND, ...restOptions(config.apiUrl), ...clientOptions.rest },
  });
  let runtime: UpdatesRuntime | undefined;
  const base: CommandContext = { index, logger };
  // With update posts off the update commands do not exist, so none of them checks at run time.
  const route = updates
    ? createRouter<UpdatesCommandContext>(
        commands,
        { ...base, updates: createUpdatesContext(updates, () => runtime) },
        { rateLimit },
      )
    : createRouter<CommandContext>(commands, base, { rateLimit });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter }, 'rate limited'),
  );

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let readyClient: Client<true>;
  try {
    await client.login(config.discordToken);
    readyClient = await ready;
    // Update posts start before "bot ready", so that line means everything is up.
    if (updates) runtime = await startBotUpdates(readyClient, updates, logger);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }

  logger.info(
    {
      user: readyClient.user.tag,
      userId: readyClient.user.id,
      guilds: readyClient.guilds.cache.size,
      commands: commands.map((c) => c.data.name),
    },
    'bot ready',
  );

  let stopped = false;
  return {
    client: readyClient,
    updates: runtime,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Deliveries in flight finish (or stay queued) before the client goes.
      await runtime?.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping update posts'));
      client.removeAllListeners();
      await client.destroy();
      logger.info('bot stopped');
    },
  };
}
