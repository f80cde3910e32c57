/**
 * The bot as a real process (`node --import tsx src/main.ts`, as `npm start` runs it), for the
 * few tests that need one: a crash and restart, two processes on one database, shards. Each start
 * costs seconds (Node loads discord.js, the index and the quotation rules), so tests start as few
 * as they can and give the bot a two-file corpus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DiscordStandIn } from '../discord-standin/server.js';

const ROOT = path.resolve('.');

/**
 * How long a test waits for a spawned bot to be ready. A start takes 1–3 s on an idle two-core
 * machine but several times that when the machine is busy; the wait ends as soon as it is ready.
 */
export const READY_TIMEOUT_MS = 60_000;
/** A test timeout for tests that start bot processes (one or two starts plus the work). */
export const PROCESS_TEST_TIMEOUT_MS = 150_000;

export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * A scratch folder holding `corpus/` with aliases.yml and the joint communiqué: enough for the bot
 * to start, answer and announce. Remove it with `fs.rmSync(dir, { recursive: true })`.
 */
export function botFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pactbot-${prefix}-`));
  fs.mkdirSync(path.join(dir, 'corpus'));
  for (const name of ['aliases.yml', 'us-mx-joint-communique-2025-09-03-en.md'])
    fs.copyFileSync(path.join(ROOT, 'corpus', name), path.join(dir, 'corpus', name));
  return dir;
}

/** The variables a bot process in `dir` needs to reach the stand-in; `extra` adds or overrides. */
export function botEnv(
  discord: DiscordStandIn,
  dir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    CORPUS_DIR: path.join(dir, 'corpus'),
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'info',
    // The encoder's worker and model cost each spawned bot CPU these tests do not need; the
    // embeddings have their own tests (tests/embeddings.test.ts). A test may turn them on.
    EMBEDDINGS: 'off',
    ...extra,
  };
}

/**
 * Starts `entry` (a TypeScript file of the repo) with tsx in `cwd`, with only PATH, HOME and `env`
 * set, so no developer's .env or variables leak in.
 */
export function startProcess(entry: string, cwd: string, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, entry)], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr?.on('data', (d) => ((out += d), (stderr += d)));
  // 'close' (not 'exit'): the output is complete once the pipes have closed too.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Stops a process that is still running (SIGTERM) and waits for it to end. */
export async function stopProcess(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
  await bot.exited;
}
