import dotenv from 'dotenv';
import { z } from 'zod';
import { allowEntryProblem } from './feeds/fetch-policy.js';
import { LOG_LEVELS } from './log.js';

/** Validated start-up configuration, every default filled in. The token is here and nowhere else. */
export interface Config {
  discordToken: string;
  clientId: string;
  guildId?: string;
  /** REST base URL without the version, e.g. `http://127.0.0.1:3000/api`; undefined = Discord's. */
  apiUrl?: string;
  dataDir: string;
  corpusDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** false turns off the corpus watcher, feeds and update posts. */
  updatePosts: boolean;
  /** 0 = no cap. */
  maxPostsPerChannelPerHour: number;
  maxSubscriptionsPerUser: number;
  maxSubscriptionsPerServer: number;
  /** A user's commands refill at this rate; 0 = no limit. */
  commandsPerMinute: number;
  /** Commands a user may run back to back. */
  commandBurst: number;
  /** Hosts fetched although not public (names, addresses, CIDR ranges). */
  fetchAllowHosts: string[];
  /** DATABASE_URL: a `postgres://` URL puts the shared state in PostgreSQL; unset = DATA_DIR/pactbot.sqlite. */
  databaseUrl?: string;
  /** How long a delivery claim holds before another process takes it over. */
  deliveryLeaseSeconds: number;
  deliveryIntervalSeconds: number;
  /** `npm run start:sharded`: a number, or `auto` for Discord's recommendation. */
  shardCount: number | 'auto';
  /** Sentence embeddings join ranking and refusal (computed in the background, kept in DATA_DIR). */
  embeddings: boolean;
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

const wholeNumber = (digits: number, min: number, max: number) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${digits}}$`))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** One environment variable: how it is checked, its default, and the words that explain it. */
interface Setting {
  /** Checks and converts the trimmed value (never blank: blank means unset). */
  schema: z.ZodType;
  /** Start-up stops when it is unset. */
  required?: boolean;
  /** The value used when unset or blank, written as it would be in .env (it goes through `schema` too). */
  default?: string;
  /** How to give a good value, as one sentence; " (default …)" is added from `default`. */
  hint: string;
  /** What it does: the README's settings table says the same. */
  description: string;
}

/**
 * Every variable pactbot reads, in the order of `.env.example`: the bot (`loadConfig`), the command
 * line (`cliSettings`) and the playground read them all through here. A test holds `.env.example` and
 * the README's settings table against this list.
 */
export const SETTINGS = {
  DISCORD_TOKEN: {
    schema: z.string().regex(TOKEN),
    required: true,
    hint: 'It must be your bot token (three dot-separated parts): Developer Portal → your application → Bot → Reset Token, then put it in .env',
    description: 'the bot token; empty, `npm start` opens the local playground instead',
  },
  DISCORD_CLIENT_ID: {
    schema: z.string().regex(SNOWFLAKE),
    required: true,
    hint: "It must be your application's numeric ID (17–20 digits): Developer Portal → General Information → Application ID, then put it in .env",
    description: 'the application ID',
  },
  DISCORD_GUILD_ID: {
    schema: z.string().regex(SNOWFLAKE),
    hint: 'When set, it must be a numeric server ID (17–20 digits): enable Developer Mode in Discord, right-click the server → Copy Server ID; or leave it empty to register commands globally',
    description: 'register commands in this one server (instant; good for testing); empty = globally',
  },
  DISCORD_API_URL: {
    schema: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u)),
    hint: 'When set, it must be an http(s) URL such as http://127.0.0.1:3000/api; leave it empty to use Discord',
    description: 'REST base URL without the version, e.g. `http://127.0.0.1:3000/api`; empty = Discord',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: './data',
    hint: 'It must be a folder path',
    description: 'index cache and database folder',
  },
  CORPUS_DIR: {
    schema: z.string().min(1),
    default: './corpus',
    hint: 'It must be a folder path',
    description: 'corpus folder (the command line reads it too)',
  },
  LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS),
    default: 'info',
    hint: `It must be one of ${LOG_LEVELS.join(', ')}`,
    description: `${LOG_LEVELS.map((l) => `\`${l}\``).join(' ')}; logs are JSON lines on stdout (the playground defaults to \`warn\`)`,
  },
  UPDATE_POSTS: {
    schema: z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => ['on', 'true', '1'].includes(v)),
    default: 'on',
    hint: 'It must be on or off',
    description: '`on` or `off`: the corpus watcher, feeds and update posts',
  },
  EMBEDDINGS: {
    schema: z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => ['on', 'true', '1'].includes(v)),
    default: 'on',
    hint: 'It must be on or off',
    description:
      '`on` or `off`: sentence embeddings in ranking and refusal (embedded in the background, kept in `DATA_DIR`)',
  },
  MAX_POSTS_PER_CHANNEL_PER_HOUR: {
    schema: wholeNumber(4, 0, 1000),
    default: '6',
    hint: 'It must be a whole number from 0 (no cap) to 1000',
    description: '`0` = no cap; posts over the cap wait and go out as one digest',
  },
  MAX_SUBSCRIPTIONS_PER_USER: {
    schema: wholeNumber(5, 1, 10_000),
    default: '10',
    hint: 'It must be a whole number from 1 to 10000',
    description: 'most subscriptions one person may create',
  },
  MAX_SUBSCRIPTIONS_PER_SERVER: {
    schema: wholeNumber(5, 1, 10_000),
    default: '50',
    hint: 'It must be a whole number from 1 to 10000',
    description: 'most subscriptions one server may have',
  },
  COMMANDS_PER_MINUTE: {
    schema: wholeNumber(3, 0, 600),
    default: '12',
    hint: 'It must be a whole number from 0 (no limit) to 600',
    description:
      'per-user command limit a minute, `0` = no limit; over it a user gets an ephemeral “Slow down — try again in N s”',
  },
  COMMAND_BURST: {
    schema: wholeNumber(3, 1, 100),
    default: '6',
    hint: 'It must be a whole number from 1 to 100',
    description: 'commands a user may run back to back before the limit applies',
  },
  PLAYGROUND_PORT: {
    schema: wholeNumber(5, 0, 65_535),
    default: '3210',
    hint: 'It must be a port number from 0 (any free port) to 65535',
    description: 'playground only: the 127.0.0.1 port of its page and local Discord (taken → any free port)',
  },
  PLAYGROUND_DIR: {
    schema: z.string().min(1),
    hint: 'It must be a folder path; leave it empty for DATA_DIR/playground',
    description:
      'playground only: its own folder (index cache, subscriptions, corpus copy); empty = `DATA_DIR/playground`',
  },
  FETCH_ALLOW_HOSTS: {
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      )
      .refine((hosts) => hosts.every((h) => !allowEntryProblem(h))),
    hint: 'When set, it must be a comma-separated list of host names, IP addresses or CIDR ranges the bot may fetch although they are not public (e.g. intranet.example, 10.0.0.5, 10.1.0.0/16); leave it empty to fetch public addresses only',
    description:
      'comma-separated host names, IP addresses or CIDR ranges the bot may fetch although they are not public (an intranet feed); empty = public addresses only. See [What the bot fetches](#what-the-bot-fetches)',
  },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\/\S+$/i),
    hint: 'When set, it must be a PostgreSQL URL such as postgres://pactbot:password@db-host:5432/pactbot; leave it empty to keep the state in DATA_DIR/pactbot.sqlite',
    description:
      'a `postgres://` URL puts subscriptions, the ledger and the delivery queue in PostgreSQL, shared by every process using it; empty = `DATA_DIR/pactbot.sqlite`',
  },
  DELIVERY_LEASE_SECONDS: {
    schema: wholeNumber(4, 1, 3600),
    default: '120',
    hint: 'It must be a whole number of seconds from 1 to 3600',
    description: 'how long a process holds a claimed update post before another process may take it over',
  },
  DELIVERY_INTERVAL_SECONDS: {
    schema: wholeNumber(4, 1, 3600),
    default: '30',
    hint: 'It must be a whole number of seconds from 1 to 3600',
    description:
      'how often each process looks for update posts waiting to go out (retries, posts a stopped process left claimed)',
  },
  TOTAL_SHARDS: {
    schema: z.union([z.literal('auto'), wholeNumber(4, 1, 1000)]),
    default: 'auto',
    hint: 'It must be auto or a whole number from 1 to 1000',
    description: "`npm run start:sharded`: the number of shards; `auto` = Discord's recommendation",
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
type Settings = typeof SETTINGS;
/** A variable's value: defined when it is required or has a default. */
type SettingValue<K extends SettingName> = Settings[K] extends { required: true } | { default: string }
  ? z.output<Settings[K]['schema']>
  : z.output<Settings[K]['schema']> | undefined;

/** The settings that have a default. */
type DefaultedName = { [K in SettingName]: Settings[K] extends { default: string } ? K : never }[SettingName];

/**
 * A setting's default, parsed: for code that may run without a `Config` (tests, tools), so that
 * the default is still the one written in SETTINGS and nowhere else.
 */
export function defaultOf<K extends DefaultedName>(name: K): SettingValue<K> {
  return readSettings({}, [name])[name];
}

/** The hint shown for a missing or malformed variable, with its default. */
export function hintFor(name: SettingName): string {
  const setting: Setting = SETTINGS[name];
  return setting.default === undefined ? setting.hint : `${setting.hint} (default ${setting.default})`;
}

/**
 * Reads the named variables from `env`: blank means unset, unset means the default. Throws a
 * `ConfigError` naming the first bad variable and how to fix it; the message never contains the
 * value (it might be the token).
 */
export function readSettings<K extends SettingName>(
  env: NodeJS.ProcessEnv,
  names: readonly K[],
): { [N in K]: SettingValue<N> } {
  const values: Partial<Record<SettingName, unknown>> = {};
  for (const name of names) {
    const setting: Setting = SETTINGS[name];
    const given = env[name]?.trim() || undefined;
    const raw = given ?? setting.default;
    if (raw === undefined) {
      if (setting.required) throw new ConfigError(name, `${name} is not set. ${hintFor(name)}.`);
      continue;
    }
    const result = setting.schema.safeParse(raw);
    if (!result.success) throw new ConfigError(name, `${name} is malformed. ${hintFor(name)}.`);
    values[name] = result.data;
  }
  return values as { [N in K]: SettingValue<N> };
}

/** Reads and validates the bot's configuration (see `readSettings`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const v = readSettings(env, [
    'DISCORD_TOKEN',
    'DISCORD_CLIENT_ID',
    'DISCORD_GUILD_ID',
    'DISCORD_API_URL',
    'DATA_DIR',
    'CORPUS_DIR',
    'LOG_LEVEL',
    'UPDATE_POSTS',
    'MAX_POSTS_PER_CHANNEL_PER_HOUR',
    'MAX_SUBSCRIPTIONS_PER_USER',
    'MAX_SUBSCRIPTIONS_PER_SERVER',
    'COMMANDS_PER_MINUTE',
    'COMMAND_BURST',
    'FETCH_ALLOW_HOSTS',
    'DATABASE_URL',
    'DELIVERY_LEASE_SECONDS',
    'DELIVERY_INTERVAL_SECONDS',
    'TOTAL_SHARDS',
    'EMBEDDINGS',
  ]);
  return {
    discordToken: v.DISCORD_TOKEN,
    clientId: v.DISCORD_CLIENT_ID,
    guildId: v.DISCORD_GUILD_ID,
    apiUrl: v.DISCORD_API_URL?.replace(/\/+$/, ''),
    dataDir: v.DATA_DIR,
    corpusDir: v.CORPUS_DIR,
    logLevel: v.LOG_LEVEL,
    updatePosts: v.UPDATE_POSTS,
    maxPostsPerChannelPerHour: v.MAX_POSTS_PER_CHANNEL_PER_HOUR,
    maxSubscriptionsPerUser: v.MAX_SUBSCRIPTIONS_PER_USER,
    maxSubscriptionsPerServer: v.MAX_SUBSCRIPTIONS_PER_SERVER,
    commandsPerMinute: v.COMMANDS_PER_MINUTE,
    commandBurst: v.COMMAND_BURST,
    fetchAllowHosts: v.FETCH_ALLOW_HOSTS ?? [],
    ...(v.DATABASE_URL !== undefined ? { databaseUrl: v.DATABASE_URL } : {}),
    deliveryLeaseSeconds: v.DELIVERY_LEASE_SECONDS,
    deliveryIntervalSeconds: v.DELIVERY_INTERVAL_SECONDS,
    shardCount: v.TOTAL_SHARDS,
    embeddings: v.EMBEDDINGS,
  };
}

/** The per-user command limit the router applies. */
export function rateLimitOf(config: Pick<Config, 'commandsPerMinute' | 'commandBurst'>): {
  perMinute: number;
  burst: number;
} {
  return { perMinute: config.commandsPerMinute, burst: config.commandBurst };
}

/** What the command line reads from the environment (and .env): no Discord variable is needed. */
export function cliSettings(env: NodeJS.ProcessEnv): { corpusDir: string; dataDir: string } {
  const v = readSettings(env, ['CORPUS_DIR', 'DATA_DIR']);
  return { corpusDir: v.CORPUS_DIR, dataDir: v.DATA_DIR };
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
  return {
    ...rest,
    discordToken: '[redacted]',
    ...(databaseUrl ? { databaseUrl: redactUrlPassword(databaseUrl) } : {}),
  };
}

/** `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`: the database password never reaches a log. */
export function redactUrlPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:[redacted]@');
}
