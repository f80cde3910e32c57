/**
 * The playground's settings, from the environment (and .env, already loaded). Everything has a
 * default, so `npm start` with no .env works: its own folder under DATA_DIR with a copy of the
 * corpus, so the sample-document button never writes into the repository's corpus/.
 */
import path from 'node:path';
import { readSettings } from '../config.js';
import type { LOG_LEVELS } from '../log.js';

export interface PlaygroundSettings {
  /** 127.0.0.1 port of the page and the local Discord; 0 = any free port. */
  port: number;
  /** The playground's own folder: index cache, subscriptions database, `corpus/` copy. */
  dir: string;
  /** The corpus the playground starts from (copied into `dir/corpus`). */
  sourceCorpusDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Sentence embeddings in ranking and refusal, as the bot has them (EMBEDDINGS); absent = off. */
  embeddings?: boolean;
}

/** Throws a `ConfigError` naming the bad variable (src/config.ts holds every variable's rule and default). */
export function playgroundSettings(env: NodeJS.ProcessEnv = process.env): PlaygroundSettings {
  const v = readSettings(env, [
    'PLAYGROUND_PORT',
    'PLAYGROUND_DIR',
    'DATA_DIR',
    'CORPUS_DIR',
    'LOG_LEVEL',
    'EMBEDDINGS',
  ]);
  return {
    port: v.PLAYGROUND_PORT,
    dir: path.resolve(v.PLAYGROUND_DIR ?? path.join(v.DATA_DIR, 'playground')),
    sourceCorpusDir: path.resolve(v.CORPUS_DIR),
    // Quiet unless asked: the terminal shows the address, not every interaction.
    logLevel: env.LOG_LEVEL?.trim() ? v.LOG_LEVEL : 'warn',
    embeddings: v.EMBEDDINGS,
  };
}
