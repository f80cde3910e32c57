/**
 * The playground's settings, from the environment (and .env, already loaded). Everything has a
 * default, so `npm start` with no .env works: its own folder under DATA_DIR with a copy of the
 * corpus, so the sample-document button never writes into the repository's corpus/.
 */
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from '../log.js';

export interface PlaygroundSettings {
  /** 127.0.0.1 port of the page and the local Discord; 0 = any free port. */
  port: number;
  /** The playground's own folder: index cache, subscriptions database, `corpus/` copy. */
  dir: string;
  /** The corpus the playground starts from (copied into `dir/corpus`). */
  sourceCorpusDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
}

export const DEFAULT_PORT = 3210;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  PLAYGROUND_PORT: z.preprocess(blank, z.coerce.number().int().min(0).max(65535).optional()),
  PLAYGROUND_DIR: z.preprocess(blank, z.string().optional()),
  DATA_DIR: z.preprocess(blank, z.string().optional()),
  CORPUS_DIR: z.preprocess(blank, z.string().optional()),
  LOG_LEVEL: z.preprocess(blank, z.enum(LOG_LEVELS).optional()),
});

/** Throws an Error naming the bad variable. */
export function playgroundSettings(env: NodeJS.ProcessEnv = process.env): PlaygroundSettings {
  const result = schema.safeParse(env);
  if (!result.success) {
    const variable = String(result.error.issues[0]?.path[0] ?? 'a variable');
    throw new Error(`${variable} is malformed (PLAYGROUND_PORT: 0–65535; LOG_LEVEL: ${LOG_LEVELS.join(', ')})`);
  }
  const v = result.data;
  return {
    port: v.PLAYGROUND_PORT ?? DEFAULT_PORT,
    dir: path.resolve(v.PLAYGROUND_DIR ?? path.join(v.DATA_DIR ?? './data', 'playground')),
    sourceCorpusDir: path.resolve(v.CORPUS_DIR ?? './corpus'),
    // Quiet by default: the terminal shows the address, not every interaction.
    logLevel: v.LOG_LEVEL ?? 'warn',
  };
}
