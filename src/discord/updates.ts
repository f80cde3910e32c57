/**
 * Update posts in the bot: what /subscribe, /unsubscribe, /subscriptions and /corpus need
 * (`UpdatesContext`, on `CommandContext.updates`), and starting the Discord-free updates runtime
 * (src/updates) with the REST sender once the client is ready. Off unless `startBot` is given
 * `updates` (src/main.ts does, unless UPDATE_POSTS=off).
 */
import { PermissionFlagsBits, type Client, type Interaction } from 'discord.js';
import type { CorpusDocument } from '../corpus/types.js';
import type { FetchOptions } from '../feeds/http.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { UpdateQuote } from '../updates/post.js';
import { startUpdates, type UpdatableIndex, type UpdatesRuntime, type UpdatesRuntimeOptions } from '../updates/runtime.js';
import { createUpdateSender } from './update-sender.js';

/** What the update commands use; `runtime` is set once the bot is ready. */
export interface UpdatesContext {
  store: Store;
  corpusDir: string;
  runtime?: Pick<UpdatesRuntime, 'feeds'>;
  /** For /corpus add (tests shorten the timeout). */
  fetchOptions?: FetchOptions;
}

/** What the update commands answer when `CommandContext.updates` is absent. */
export const NOT_ENABLED = 'Update posts are not enabled on this bot (its operator has turned them off).';

/** `startBot({ updates })`: everything the update posts need besides the client. */
export interface BotUpdatesOptions {
  /** Opened by the caller (`openStore(DATA_DIR)`), who also closes it after `bot.stop()`. */
  store: Store;
  corpusDir: string;
  /** The live index the watcher adds new documents to (the `PactIndex`). */
  index: UpdatableIndex;
  /** Quotations shown in posts, e.g. `extractQuotes` from src/quotes. */
  quotesFor?: (doc: CorpusDocument) => UpdateQuote[];
  /** Runtime settings: the per-channel hourly cap (default 6); tests shorten the delays. */
  runtime?: Partial<Omit<UpdatesRuntimeOptions, 'corpusDir' | 'store' | 'index' | 'sender' | 'quotesFor' | 'log'>>;
  fetchOptions?: FetchOptions;
}

export function createUpdatesContext(options: BotUpdatesOptions): UpdatesContext {
  return { store: options.store, corpusDir: options.corpusDir, fetchOptions: options.fetchOptions };
}

/** Starts watching the corpus, polling feeds and delivering posts through `client.rest`. */
export async function startBotUpdates(
  client: Client<true>,
  options: BotUpdatesOptions,
  ctx: UpdatesContext,
  logger: Logger,
): Promise<UpdatesRuntime> {
  const log = logger.child({ component: 'updates' });
  const sender = createUpdateSender(client, {
    onNoticeFallback: (info) =>
      log.warn(info, info.channelId ? 'disable notice sent to the server system channel (DM failed)' : 'disable notice could not be delivered'),
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
  ctx.runtime = runtime;
  log.info({ corpusDir: options.corpusDir, feeds: runtime.feeds().feeds.length }, 'update posts running');
  return runtime;
}

/** Manage Server, as Discord computed it for this member here (always false outside a server). */
export function canManageServer(interaction: Interaction): boolean {
  return Boolean(interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
}

/** `default_member_permissions` for commands only server managers should see. */
export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();
