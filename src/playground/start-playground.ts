/**
 * The playground: the real bot — the same `startBot` (client, router, commands, renderer) and
 * update-posts runtime as `npm start` — connected to the local Discord on 127.0.0.1, whose web
 * page is a Discord channel you can type into. Its data lives in its own folder with a copy of
 * the corpus, so adding documents there leaves the repository's corpus/ alone.
 */
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { commandsFor } from '../../commands/index.js';
import { attachEmbeddings } from '../answer/embeddings.js';
import { startBot, type Bot } from '../discord/client.js';
import { deployCommands } from '../discord/deploy-commands.js';
import { createLogger, type Logger } from '../log.js';
import { PactIndex } from '../pact-index.js';
import { openStore, type Store } from '../store/index.js';
import type { PlaygroundSettings } from './settings.js';
import { keepFetchLocal, OFFLINE_REASON } from './stay-local.js';
import { createPageHandler } from './web.js';
import { createWorld, type PlaygroundWorld } from './world.js';

export interface Playground {
  /** The page's address, http://127.0.0.1:PORT/ */
  url: string;
  world: PlaygroundWorld;
  bot: Bot;
  index: PactIndex;
  corpusDir: string;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the JSON logs go (default stdout). */
  logDestination?: Writable;
  /** Update-posts timing; the default waits 1.5 s for more documents before posting. */
  burstDelayMs?: number;
}

/** Files of the corpus the playground starts from; feeds.yml stays behind (the playground polls no feeds). */
const copied = (name: string) => name !== 'feeds.yml' && !name.startsWith('.');

/**
 * Copies the source corpus into the playground's folder: files missing there are added, files
 * already there (and documents added in the playground) are kept.
 */
export async function prepareCorpus(sourceDir: string, targetDir: string): Promise<number> {
  await mkdir(targetDir, { recursive: true });
  let added = 0;
  for (const name of (await readdir(sourceDir)).filter(copied)) {
    const target = path.join(targetDir, name);
    if (await stat(target).catch(() => undefined)) continue;
    if (!(await stat(path.join(sourceDir, name))).isFile()) continue;
    await copyFile(path.join(sourceDir, name), target);
    added += 1;
  }
  return added;
}

async function createWorldOnFreePort(port: number): Promise<PlaygroundWorld> {
  try {
    return await createWorld(port);
  } catch (err) {
    // Another program (or another playground) has the port: take any free one, the address is printed.
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) return createWorld(0);
    throw err;
  }
}

export async function startPlayground(settings: PlaygroundSettings, options: StartOptions = {}): Promise<Playground> {
  const corpusDir = path.join(settings.dir, 'corpus');
  await prepareCorpus(settings.sourceCorpusDir, corpusDir);
  const restoreFetch = keepFetchLocal();

  const world = await createWorldOnFreePort(settings.port);
  const { discord } = world;
  const logger = createLogger({
    level: settings.logLevel,
    secrets: [discord.token],
    destination: options.logDestination,
  });
  discord.serveWeb(createPageHandler({ world, corpusDir }));

  let store: Store | undefined;
  try {
    const index = await PactIndex.open({ corpusDir, dataDir: settings.dir });
    // The same answers as the bot: with embeddings when the bot would have them.
    if (settings.embeddings) await attachEmbeddings(index, settings.dir, logger);
    store = openStore(settings.dir);
    const config = {
      discordToken: discord.token,
      clientId: discord.applicationId,
      guildId: world.guildId,
      apiUrl: discord.apiUrl,
    };
    await deployCommands(config);
    const bot = await startBot({
      commands: commandsFor(true),
      config,
      index,
      logger,
      updates: {
        store,
        corpusDir,
        index,
        quotesFor: async (doc) => {
          await index.quotesReady(); // a large document's quotations come from the extractor's thread
          return index.quotes.all().filter((q) => q.docId === doc.id);
        },
        // No feeds: they would reach the internet.
        runtime: { feedTickMs: 0, burstDelayMs: options.burstDelayMs ?? 1500 },
        // The fetch policy uses its own connection agent, not globalThis.fetch: refuse there too.
        fetchOptions: { offline: OFFLINE_REASON },
      },
    });
    const openedStore = store;
    return {
      url: `http://127.0.0.1:${discord.port}/`,
      world,
      bot,
      index,
      corpusDir,
      logger,
      async stop() {
        await bot.stop();
        openedStore.close();
        await discord.close();
        restoreFetch();
      },
    };
  } catch (err) {
    store?.close();
    await discord.close();
    restoreFetch();
    throw err;
  }
}
