import { pino, type DestinationStream, type Logger, type LevelWithSilent, type LoggerOptions as PinoOptions } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Object paths whose values are never written, wherever they turn up in a log record. */
const REDACTED_PATHS = [
  'token',
  'discordToken',
  'DISCORD_TOKEN',
  'authorization',
  '*.token',
  '*.discordToken',
  '*.DISCORD_TOKEN',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.discordToken',
  'interaction.token',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Strings (the bot token) scrubbed from every message and error text, besides the redacted paths. */
  secrets?: string[];
  /** Where to write (tests pass a stream); standard output by default. */
  destination?: DestinationStream;
  name?: string;
}

/** Replaces every occurrence of each secret with `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** The structured logger: JSON lines, the token redacted by path and scrubbed from text. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const serializeError = (err: unknown): unknown => {
    const plain = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
    if (!plain || typeof plain !== 'object' || secrets.length === 0) return plain;
    return JSON.parse(scrub(JSON.stringify(plain), secrets)) as unknown;
  };
  const settings: PinoOptions = {
    name: options.name ?? 'pactbot',
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        if (secrets.length > 0) {
          for (let i = 0; i < args.length; i++) {
            const arg = args[i];
            if (typeof arg === 'string') (args as unknown[])[i] = scrub(arg, secrets);
          }
        }
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  // Without a destination pino writes synchronously to stdout, so nothing is lost at exit.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
