import {
  pino,
  type DestinationStream,
  type Logger,
  type LevelWithSilent,
  type LoggerOptions as PinoOptions,
} from 'pino';

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

/** Each secret as it can appear in a JSON line: as is, JSON-escaped, and percent-encoded (in a URL). */
function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
  // Longest first, so a form containing another is replaced whole.
  return [...new Set(forms)].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
}

/**
 * A destination that scrubs every secret from each finished log line before it is written: any
 * field, nested at any depth, child-logger bindings and messages alike — whatever path it took.
 */
function scrubbingDestination(destination: DestinationStream, secrets: readonly string[]): DestinationStream {
  const forms = secretForms(secrets);
  if (forms.length === 0) return destination;
  const scrubbing: DestinationStream & { flushSync?: () => void } = {
    write: (line: string) => destination.write(scrub(line, forms)),
  };
  const flushSync = (destination as { flushSync?: () => void }).flushSync;
  if (flushSync) scrubbing.flushSync = () => flushSync.call(destination);
  return scrubbing;
}

/** The structured logger: JSON lines, the token redacted by path and scrubbed, by value, from the whole record. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const settings: PinoOptions = {
    name: options.name ?? 'pactbot',
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  // Without a destination pino writes synchronously to stdout, so nothing is lost at exit.
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(settings, scrubbingDestination(destination, secrets));
}
