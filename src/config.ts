import dotenv from 'dotenv';
import { z } from 'zod';
import { allowEntryProblem } from './feeds/fetch-policy.js';
import { LOG_LEVELS } from './log.js';

/** Validated start-up configuration. The token is here and nowhere else. */
export interface Config {
  discordToken: string;
  clientId: string;
  guildId?: string;
  /** REST base URL without the version, e.g. `http://127.0.0.1:3000/api`; undefined = Discord's. */
  apiUrl?: string;
  dataDir: string;
  corpusDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** UPDATE_POSTS: false turns off the corpus watcher, feeds and update posts. Unset = on. */
  updatePosts?: boolean;
  /** MAX_POSTS_PER_CHANNEL_PER_HOUR: unset = `DEFAULT_MAX_POSTS_PER_CHANNEL_PER_HOUR` (6); 0 = no cap. */
  maxPostsPerChannelPerHour?: number;
  /** MAX_SUBSCRIPTIONS_PER_USER / _PER_SERVER: unset = 10 / 50. */
  maxSubscriptionsPerUser?: number;
  maxSubscriptionsPerServer?: number;
  /** COMMANDS_PER_MINUTE: a user's commands refill at this rate; unset = `DEFAULT_COMMANDS_PER_MINUTE`; 0 = no limit. */
  commandsPerMinute?: number;
  /** COMMAND_BURST: commands a user may run back to back; unset = `DEFAULT_COMMAND_BURST`. */
  commandBurst?: number;
  /** FETCH_ALLOW_HOSTS: hosts fetched although not public (names, addresses, CIDR ranges); default none. */
  fetchAllowHosts: string[];
  /** DATABASE_URL: a `postgres://` URL puts the shared state in PostgreSQL; unset = DATA_DIR/pactbot.sqlite. */
  databaseUrl?: string;
  /** DELIVERY_LEASE_SECONDS: how long a delivery claim holds before another process takes it over (default 120). */
  deliveryLeaseSeconds?: number;
  /** TOTAL_SHARDS (npm run start:sharded): a number, or unset/auto for Discord's recommendation. */
  shardCount?: number | 'auto';
}

export const DEFAULT_MAX_POSTS_PER_CHANNEL_PER_HOUR = 6;
export const DEFAULT_COMMANDS_PER_MINUTE = 12;
export const DEFAULT_COMMAND_BURST = 6;

/** The per-user command limit the router applies (defaults filled in). */
export function rateLimitOf(config: Pick<Config, 'commandsPerMinute' | 'commandBurst'>): { perMinute: number; burst: number } {
  return { perMinute: config.commandsPerMinute ?? DEFAULT_COMMANDS_PER_MINUTE, burst: config.commandBurst ?? DEFAULT_COMMAND_BURST };
}

/** A configuration problem, as one line for the person starting the bot. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
// Bot tokens are three base64url parts joined by dots.
const TOKEN = /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

/** Unset and blank are the same: `FOO=` in .env means "use the default". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const HINTS: Record<string, string> = {
  DISCORD_TOKEN:
    'It must be your bot token (three dot-separated parts): Developer Portal → your application → Bot → Reset Token, then put it in .env',
  DISCORD_CLIENT_ID:
    "It must be your application's numeric ID (17–20 digits): Developer Portal → General Information → Application ID, then put it in .env",
  DISCORD_GUILD_ID:
    'When set, it must be a numeric server ID (17–20 digits): enable Developer Mode in Discord, right-click the server → Copy Server ID; or leave it empty to register commands globally',
  DISCORD_API_URL:
    'When set, it must be an http(s) URL such as http://127.0.0.1:3000/api; leave it empty to use Discord',
  DATA_DIR: 'It must be a folder path (default ./data)',
  CORPUS_DIR: 'It must be a folder path (default ./corpus)',
  LOG_LEVEL: 'It must be one of fatal, error, warn, info, debug, trace, silent (default info)',
  UPDATE_POSTS: 'It must be on or off (default on)',
  MAX_POSTS_PER_CHANNEL_PER_HOUR: 'It must be a whole number from 0 (no cap) to 1000 (default 6)',
  MAX_SUBSCRIPTIONS_PER_USER: 'It must be a whole number from 1 to 10000 (default 10)',
  MAX_SUBSCRIPTIONS_PER_SERVER: 'It must be a whole number from 1 to 10000 (default 50)',
  COMMANDS_PER_MINUTE: 'It must be a whole number from 0 (no limit) to 600 (default 12)',
  COMMAND_BURST: 'It must be a whole number from 1 to 100 (default 6)',
  FETCH_ALLOW_HOSTS:
    'When set, it must be a comma-separated list of host names, IP addresses or CIDR ranges the bot may fetch although they are not public (e.g. intranet.example, 10.0.0.5, 10.1.0.0/16); leave it empty to fetch public addresses only',
  DATABASE_URL: 'When set, it must be a PostgreSQL URL such as postgres://pactbot:password@db-host:5432/pactbot; leave it empty to keep the state in DATA_DIR/pactbot.sqlite',
  DELIVERY_LEASE_SECONDS: 'It must be a whole number of seconds from 1 to 3600 (default 120)',
  TOTAL_SHARDS: 'It must be auto or a whole number from 1 to 1000 (default auto)',
};

const subscriptionCap = () => optional(z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.number().int().min(1).max(10_000)));

const schema = z.object({
  DISCORD_TOKEN: z.string().trim().regex(TOKEN),
  DISCORD_CLIENT_ID: z.string().trim().regex(SNOWFLAKE),
  DISCORD_GUILD_ID: optional(z.string().regex(SNOWFLAKE)),
  DISCORD_API_URL: optional(
    z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u)),
  ),
  DATA_DIR: optional(z.string().min(1)),
  CORPUS_DIR: optional(z.string().min(1)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  UPDATE_POSTS: optional(z.enum(['on', 'off', 'true', 'false', '1', '0'])),
  MAX_POSTS_PER_CHANNEL_PER_HOUR: optional(z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(0).max(1000))),
  MAX_SUBSCRIPTIONS_PER_USER: subscriptionCap(),
  MAX_SUBSCRIPTIONS_PER_SERVER: subscriptionCap(),
  COMMANDS_PER_MINUTE: optional(z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(0).max(600))),
  COMMAND_BURST: optional(z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(100))),
  FETCH_ALLOW_HOSTS: optional(
    z
      .string()
      .transform((v) => v.split(',').map((h) => h.trim()).filter(Boolean))
      .refine((hosts) => hosts.every((h) => !allowEntryProblem(h))),
  ),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/\S+$/i)),
  DELIVERY_LEASE_SECONDS: optional(z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(3600))),
  TOTAL_SHARDS: optional(z.union([z.literal('auto'), z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(1000))])),
});

/**
 * Reads and validates the configuration. Throws a `ConfigError` naming the first bad variable and
 * how to fix it; the message never contains the value (it might be the token).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    const missing = env[variable] === undefined || String(env[variable]).trim() === '';
    const hint = HINTS[variable] ?? `${variable} is invalid`;
    throw new ConfigError(variable, missing ? `${variable} is not set. ${hint}.` : `${variable} is malformed. ${hint}.`);
  }
  const v = result.data;
  return {
    discordToken: v.DISCORD_TOKEN,
    clientId: v.DISCORD_CLIENT_ID,
    guildId: v.DISCORD_GUILD_ID,
    apiUrl: v.DISCORD_API_URL?.replace(/\/+$/, ''),
    dataDir: v.DATA_DIR ?? './data',
    corpusDir: v.CORPUS_DIR ?? './corpus',
    logLevel: v.LOG_LEVEL ?? 'info',
    ...(v.UPDATE_POSTS !== undefined ? { updatePosts: ['on', 'true', '1'].includes(v.UPDATE_POSTS) } : {}),
    ...(v.MAX_POSTS_PER_CHANNEL_PER_HOUR !== undefined ? { maxPostsPerChannelPerHour: v.MAX_POSTS_PER_CHANNEL_PER_HOUR } : {}),
    ...(v.MAX_SUBSCRIPTIONS_PER_USER !== undefined ? { maxSubscriptionsPerUser: v.MAX_SUBSCRIPTIONS_PER_USER } : {}),
    ...(v.MAX_SUBSCRIPTIONS_PER_SERVER !== undefined ? { maxSubscriptionsPerServer: v.MAX_SUBSCRIPTIONS_PER_SERVER } : {}),
    ...(v.COMMANDS_PER_MINUTE !== undefined ? { commandsPerMinute: v.COMMANDS_PER_MINUTE } : {}),
    ...(v.COMMAND_BURST !== undefined ? { commandBurst: v.COMMAND_BURST } : {}),
    fetchAllowHosts: v.FETCH_ALLOW_HOSTS ?? [],
    ...(v.DATABASE_URL !== undefined ? { databaseUrl: v.DATABASE_URL } : {}),
    ...(v.DELIVERY_LEASE_SECONDS !== undefined ? { deliveryLeaseSeconds: v.DELIVERY_LEASE_SECONDS } : {}),
    ...(v.TOTAL_SHARDS !== undefined ? { shardCount: v.TOTAL_SHARDS } : {}),
  };
}

/** Ends the process with one line on standard error and no stack trace: for the person starting the bot. */
export function exitWithError(message: string): never {
  console.error(`pactbot: ${message}`);
  process.exit(1);
}

/** For the entry points (`npm start`, `deploy-commands`): .env, then `loadConfig`; a bad variable ends the process. */
export function loadConfigOrExit(): Config {
  dotenv.config({ quiet: true });
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) exitWithError(err.message);
    throw err;
  }
}

/** The configuration with the token hidden, safe to log. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { discordToken: _token, databaseUrl, ...rest } = config;
  return { ...rest, discordToken: '[redacted]', ...(databaseUrl ? { databaseUrl: redactUrlPassword(databaseUrl) } : {}) };
}

/** `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`: the database password never reaches a log. */
export function redactUrlPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:[redacted]@');
}
