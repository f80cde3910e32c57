/**
 * `npm start`: read the configuration, open the corpus index, connect to Discord, and stop
 * cleanly on SIGINT/SIGTERM. Configuration problems stop start-up with one line, no stack trace.
 * Without DISCORD_TOKEN (in the environment or .env) it starts the local playground instead.
 */
import dotenv from 'dotenv';
import { describeConfig, exitWithError, loadConfigOrExit, rateLimitOf } from './config.js';
import { createLogger, scrub } from './log.js';
import type { PactIndex } from './pact-index.js';
import type { Bot } from './discord/client.js';
import type { StateStore } from './store/index.js';
import { shardFromEnv } from './shard.js';

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  // No token: the local playground (src/playground), where the same bot answers in a web page.
  if (!process.env.DISCORD_TOKEN?.trim()) return (await import('./playground/main.js')).runPlayground();
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  logger.info({ config: describeConfig(config) }, 'starting');

  // Installed first, so a signal during start-up also ends the process cleanly.
  let bot: Bot | undefined;
  let store: StateStore | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await bot?.stop();
    } catch (err) {
      logger.error({ err }, 'error while stopping');
    }
    await store?.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  // Loaded once the configuration is known to be good, so a configuration problem is told in a
  // moment rather than after seconds of loading discord.js, the index and the quotation rules.
  const [{ PactIndex }, { attachEmbeddings }, { commandsFor }, { startBot }, { openStateStore }] = await Promise.all([
    import('./pact-index.js'),
    import('./answer/embeddings.js'),
    import('../commands/index.js'),
    import('./discord/client.js'),
    import('./store/index.js'),
  ]);

  let index: PactIndex;
  try {
    index = await PactIndex.open({
      corpusDir: config.corpusDir,
      dataDir: config.dataDir,
      onCacheRejected: (reason) => logger.warn({ reason }, 'index cache rebuilt'),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      exitWithError(
        `the corpus folder ${config.corpusDir} does not exist: set CORPUS_DIR in .env to the folder of document files.`,
      );
    exitWithError(
      `could not open the corpus in ${config.corpusDir} or the index in ${config.dataDir}: ${(err as Error).message}`,
    );
  }
  for (const problem of index.problems()) logger.warn({ problem }, 'corpus file skipped');
  logger.info(index.stats(), 'corpus loaded');
  // The quote book reads its saved quotations and names speakers in the background, a slice per
  // event-loop turn (extracting nothing); /quote and /speakers wait for it rather than block.
  void index.quotesReady().then(() => logger.info({ quotations: index.quotes.all().length }, 'quote book ready'));
  if (config.embeddings) await attachEmbeddings(index, config.dataDir, logger);

  // Update posts: subscriptions, feeds and the delivery queue live in DATA_DIR/pactbot.sqlite,
  // or in PostgreSQL when DATABASE_URL is set (shared by every process and machine using it).
  if (config.updatePosts) {
    try {
      store = await openStateStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    } catch (err) {
      const where = config.databaseUrl
        ? 'the PostgreSQL database at DATABASE_URL'
        : `the database in ${config.dataDir}`;
      exitWithError(`could not open ${where}: ${scrub((err as Error).message, [config.discordToken])}`);
    }
  }
  // Under `npm run start:sharded` this process is one shard: it delivers for its own guilds (and DMs).
  const shard = shardFromEnv(process.env);
  if (shard) logger.info({ shard }, 'running as one shard');

  try {
    bot = await startBot({
      config,
      commands: commandsFor(store !== undefined),
      index,
      logger,
      rateLimit: rateLimitOf(config),
      ...(store
        ? {
            updates: {
              store,
              corpusDir: config.corpusDir,
              index,
              // The corpus-wide quote book, so update posts name speakers as /quote does.
              quotesFor: async (doc) => {
                await index.quotesReady(); // a large document's quotations come from the extractor's thread
                return index.quotes.all().filter((q) => q.docId === doc.id);
              },
              runtime: {
                maxPostsPerChannelPerHour: config.maxPostsPerChannelPerHour,
                ...(shard ? { shard } : {}),
                ...(config.deliveryLeaseSeconds ? { deliveryLeaseMs: config.deliveryLeaseSeconds * 1000 } : {}),
                deliveryIntervalMs: config.deliveryIntervalSeconds * 1000,
              },
              limits: {
                perUser: config.maxSubscriptionsPerUser,
                perServer: config.maxSubscriptionsPerServer,
              },
              // Feeds and /corpus add fetch public addresses only, plus the hosts the owner allows.
              fetchOptions: { allowHosts: config.fetchAllowHosts },
            },
          }
        : {}),
    });
  } catch (err) {
    const e = err as { code?: string; status?: number; message?: string };
    await store?.close();
    logger.flush();
    if (e.code === 'TokenInvalid' || e.status === 401) {
      exitWithError(
        'DISCORD_TOKEN was rejected by Discord: reset the token (Developer Portal → Bot → Reset Token) and update .env.',
      );
    }
    exitWithError(`could not connect to Discord: ${scrub(e.message ?? String(err), [config.discordToken])}`);
  }
}

void main().catch((err: unknown) => exitWithError(`start-up failed: ${(err as Error)?.message ?? String(err)}`));
