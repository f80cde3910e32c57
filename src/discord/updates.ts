/**
 * Update posts in the bot: what /subscribe, /unsubscribe, /subscriptions and /corpus need
 * (`UpdatesContext`, on `UpdatesCommandContext.updates`), and starting the Discord-free updates
 * runtime (src/updates) with the REST sender once the client is ready. Off unless `startBot` is
 * given `updates` (src/main.ts does, unless UPDATE_POSTS=off) — and then the update commands are
 * neither registered nor routed.
 */
import { PermissionFlagsBits, type Client, type Interaction } from 'discord.js';
import { defaultOf } from '../config.js';
import type { FeedConfig, FeedConfigProblem } from '../feeds/config.js';
import type { FetchOptions } from '../feeds/http.js';
import type { Logger } from '../log.js';
import type { Analyzer } from '../search/analyze.js';
import { isBusyError, StoreUnavailableError } from '../store/store.js';
import type { StateStore } from '../store/state-store.js';
import type { QuotesFor } from '../updates/queue.js';
import {
  startUpdates,
  type UpdatableIndex,
  type UpdatesRuntime,
  type UpdatesRuntimeOptions,
} from '../updates/runtime.js';
import { tell } from './respond.js';
import { createUpdateSender } from './update-sender.js';
import type { Command, UpdatesCommandContext } from './types.js';

/** Caps on subscriptions, so one user or server cannot fill the database. */
export interface SubscriptionLimits {
  perUser: number;
  perServer: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  perUser: defaultOf('MAX_SUBSCRIPTIONS_PER_USER'),
  perServer: defaultOf('MAX_SUBSCRIPTIONS_PER_SERVER'),
};

/** What the update commands use. */
export interface UpdatesContext {
  store: StateStore;
  corpusDir: string;
  /** The search analyzer: filters are checked and matched the way search reads words. */
  analyzer: Analyzer;
  /** The configured feeds and feeds.yml problems (empty until the runtime has started). */
  feeds(): { feeds: FeedConfig[]; problems: FeedConfigProblem[] };
  /** For /corpus add (tests shorten the timeout). */
  fetchOptions: FetchOptions;
  limits: SubscriptionLimits;
  /** Posts per destination per hour (0 = no cap), to say when waiting posts go out. */
  maxPostsPerChannelPerHour: number;
}

/** `startBot({ updates })`: everything the update posts need besides the client. */
export interface BotUpdatesOptions {
  /** Opened by the caller (`openStore(DATA_DIR)`), who also closes it after `bot.stop()`. */
  store: StateStore;
  corpusDir: string;
  /** The live index the watcher adds new documents to (the `PactIndex`). */
  index: UpdatableIndex;
  /** Quotations shown in posts, e.g. `extractQuotes` from src/quotes. */
  quotesFor?: QuotesFor;
  /** Runtime settings: the per-channel hourly cap (default MAX_POSTS_PER_CHANNEL_PER_HOUR's); tests shorten the delays. */
  runtime?: Partial<Omit<UpdatesRuntimeOptions, 'corpusDir' | 'store' | 'index' | 'sender' | 'quotesFor' | 'log'>>;
  fetchOptions?: FetchOptions;
  /** Caps on subscriptions per user and per server (default MAX_SUBSCRIPTIONS_PER_USER's and _PER_SERVER's). */
  limits?: SubscriptionLimits;
}

/** The commands' view of update posts; `feeds()` answers from the runtime once it has started. */
export function createUpdatesContext(
  options: BotUpdatesOptions,
  runtime: () => UpdatesRuntime | undefined,
): UpdatesContext {
  return {
    store: options.store,
    corpusDir: options.corpusDir,
    analyzer: options.index.analyzer,
    feeds: () => runtime()?.feeds() ?? { feeds: [], problems: [] },
    fetchOptions: options.fetchOptions ?? {},
    limits: options.limits ?? DEFAULT_SUBSCRIPTION_LIMITS,
    maxPostsPerChannelPerHour:
      options.runtime?.maxPostsPerChannelPerHour ?? defaultOf('MAX_POSTS_PER_CHANNEL_PER_HOUR'),
  };
}

/** What a user is told when the database cannot take a change; undefined for other errors. */
export function storeFailureMessage(error: unknown): string | undefined {
  if (error instanceof StoreUnavailableError) {
    return "Nothing was changed: the bot's database file is missing (it was deleted or moved while the bot was running), so nothing can be saved. The bot's operator has been told; try again after the bot is restarted.";
  }
  if (isBusyError(error)) {
    return "Nothing was changed: the bot's database is busy (another program holds it). Try again in a few seconds.";
  }
  return undefined;
}

/**
 * An update command whose database failures get a clear answer at once (never a silent timeout):
 * a busy database → "try again"; a missing database file → an error in the log and a refusal.
 */
export function withStoreErrors(command: Command<UpdatesCommandContext>): Command<UpdatesCommandContext> {
  const guard = <I extends Interaction>(
    handler: ((interaction: I, ctx: UpdatesCommandContext) => Promise<void>) | undefined,
  ) =>
    handler &&
    (async (interaction: I, ctx: UpdatesCommandContext) => {
      try {
        await handler(interaction, ctx);
      } catch (error) {
        const message = storeFailureMessage(error);
        if (!message) throw error;
        const level = error instanceof StoreUnavailableError ? 'error' : 'warn';
        ctx.logger[level](
          { command: command.data.name, error: (error as Error).message, interactionId: interaction.id },
          'database refused a change',
        );
        if (interaction.isAutocomplete()) {
          if (!interaction.responded) await interaction.respond([]);
        } else if (interaction.isRepliable()) {
          await tell(interaction, message);
        }
      }
    });
  return {
    ...command,
    // Bound, so a handler written as a method keeps its `this`.
    execute: guard(command.execute.bind(command))!,
    autocomplete: guard(command.autocomplete?.bind(command)),
    button: guard(command.button?.bind(command)),
  };
}

/** Starts watching the corpus, polling feeds and delivering posts through `client.rest`. */
export async function startBotUpdates(
  client: Client<true>,
  options: BotUpdatesOptions,
  logger: Logger,
): Promise<UpdatesRuntime> {
  const log = logger.child({ component: 'updates' });
  const sender = createUpdateSender(client, {
    onNoticeFallback: (info) =>
      log.warn(
        info,
        info.channelId
          ? 'disable notice sent to the server system channel (DM failed)'
          : 'disable notice could not be delivered',
      ),
  });
  const runtime = await startUpdates({
    ...options.runtime,
    corpusDir: options.corpusDir,
    store: options.store,
    index: options.index,
    sender,
    quotesFor: options.quotesFor,
    fetchOptions: options.fetchOptions,
    log,
  });
  log.info({ corpusDir: options.corpusDir, feeds: runtime.feeds().feeds.length }, 'update posts running');
  return runtime;
}

/** Manage Server, as Discord computed it for this member here (always false outside a server). */
export function canManageServer(interaction: Interaction): boolean {
  return Boolean(interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
}

/** `default_member_permissions` for commands only server managers should see. */
export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();
