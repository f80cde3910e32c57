/**
 * `npm run playground`, and `npm start` without DISCORD_TOKEN: starts the playground, prints its
 * address (opens nothing), and stops cleanly on Ctrl-C.
 */
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { exitWithError } from '../config.js';
import { playgroundSettings } from './settings.js';
import { startPlayground, type Playground } from './start-playground.js';

export async function runPlayground(): Promise<void> {
  dotenv.config({ quiet: true });
  let settings;
  try {
    settings = playgroundSettings();
  } catch (err) {
    exitWithError((err as Error).message);
  }
  let playground: Playground;
  try {
    playground = await startPlayground(settings);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      exitWithError(
        `the corpus folder ${settings.sourceCorpusDir} does not exist: set CORPUS_DIR to the folder of document files.`,
      );
    exitWithError(`the playground could not start: ${(err as Error).message}`);
  }
  const documents = playground.index.stats().documents;
  console.log(
    [
      '',
      `  pactbot playground — a local preview, not connected to Discord`,
      `  Open ${playground.url} in your browser (${documents} documents in ${playground.corpusDir}).`,
      `  To run the bot on Discord, put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see README). Ctrl-C stops.`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await playground
      .stop()
      .catch((err: unknown) => console.error(`pactbot: error while stopping: ${(err as Error).message}`));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runPlayground().catch((err: unknown) =>
    exitWithError(`the playground could not start: ${(err as Error)?.message ?? String(err)}`),
  );
}
