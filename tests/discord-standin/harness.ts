/** Starts the stand-in and the real bot (in-process) against it, with logs captured. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ClientOptions } from 'discord.js';
import { createLogger } from '../../src/log.js';
import { PactIndex } from '../../src/pact-index.js';
import { commandsFor } from '../../commands/index.js';
import { startBot, type Bot } from '../../src/discord/client.js';
import type { AnswerIndex } from '../../src/discord/types.js';
import type { RateLimitSettings } from '../../src/discord/rate-limit.js';
import { DiscordStandIn } from './server.js';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface Harness {
  discord: DiscordStandIn;
  bot: Bot;
  index: AnswerIndex;
  logs: LogLine[];
  rawLogs: string[];
  /** Stops the bot and starts a fresh one (new client, new gateway session) on the same stand-in. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The real PactIndex on the real corpus/ folder, its cache in a temporary folder. */
export async function openRealIndex(): Promise<{ index: PactIndex; cleanup(): void }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pactbot-e2e-'));
  const index = await PactIndex.open({ corpusDir: path.resolve('corpus'), dataDir });
  return { index, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A logger destination that keeps every JSON line written to it, as written and parsed. */
export function captureLogs(): { logs: LogLine[]; rawLogs: string[]; destination: Writable } {
  const rawLogs: string[] = [];
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logs, rawLogs, destination };
}

export async function startHarness(options: {
  index: AnswerIndex;
  clientOptions?: Partial<ClientOptions>;
  rateLimit?: RateLimitSettings;
}): Promise<Harness> {
  const discord = await DiscordStandIn.start();
  const { logs, rawLogs, destination } = captureLogs();
  const logger = createLogger({ level: 'debug', secrets: [discord.token], destination });
  const start = () =>
    startBot({
      commands: commandsFor(false),
      config: { discordToken: discord.token, apiUrl: discord.apiUrl },
      index: options.index,
      logger,
      clientOptions: options.clientOptions,
      rateLimit: options.rateLimit,
    });
  const harness: Harness = {
    discord,
    bot: await start(),
    index: options.index,
    logs,
    rawLogs,
    async restart() {
      await harness.bot.stop();
      harness.bot = await start();
    },
    async stop() {
      await harness.bot.stop();
      await discord.close();
    },
  };
  return harness;
}
