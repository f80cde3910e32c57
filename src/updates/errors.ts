/**
 * Errors from sending an update post, and what to do about each. The Discord layer throws (or
 * passes through) an error carrying the HTTP `status` and Discord's JSON error `code`;
 * discord.js's `DiscordAPIError` / `HTTPError` / `RateLimitError` already have that shape.
 */
export class DeliveryError extends Error {
  readonly status?: number;
  readonly code?: number;
  /** From a 429: how long Discord asked us to wait. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: { status?: number; code?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'DeliveryError';
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export type DeliveryErrorAction =
  /** Transient: try again later (429, 5xx, network). */
  | { action: 'retry'; reason: string; retryAfterMs?: number }
  /** The destination is gone or closed to the bot: disable the subscription and tell its owner. */
  | { action: 'disable'; reason: string }
  /** This post cannot be sent (e.g. 400 invalid form body): mark failed and report it. */
  | { action: 'fail'; reason: string };

/** Discord JSON error codes that mean the subscription's destination no longer works. */
export const DISABLING_CODES: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  10004: 'the server no longer exists or the bot was removed (Unknown Guild)',
  10013: 'the user no longer exists (Unknown User)',
  // Every post there fails the same way until a server manager changes the channel.
  40067:
    'the forum requires a tag on every post, and the bot adds none: turn off "Require tags when posting" in the forum settings (A tag is required)',
  50083: 'the thread is archived and locked: unlock it, or subscribe another channel (archived thread)',
  50001: 'the bot can no longer see the channel (Missing Access)',
  50007: 'the user does not accept direct messages from the bot (Cannot send messages to this user)',
  50013:
    'the bot lacks permission to post there: it needs View Channel, Send Messages and Embed Links (Missing Permissions)',
};

function numberField(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Decides what a send error means: retry, disable the subscription, or fail this post. */
export function classifyDeliveryError(error: unknown): DeliveryErrorAction {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const raw = error instanceof Error ? error.message : String(error);
  const status = numberField(e.status) ?? numberField(e.httpStatus);
  const code = numberField(e.code);
  // Some errors already start with their status ("404: Not Found"): say it once.
  const message = status !== undefined ? raw.replace(new RegExp(`^${status}:?\\s*`), '') || raw : raw;
  if (code !== undefined && DISABLING_CODES[code]) return { action: 'disable', reason: DISABLING_CODES[code] };
  if (status === 429) {
    // discord.js RateLimitError: retryAfter (ms); raw Discord body: retry_after (seconds).
    const retryAfterMs =
      numberField(e.retryAfterMs) ??
      numberField(e.retryAfter) ??
      (typeof e.retry_after === 'number' ? Math.ceil(e.retry_after * 1000) : undefined);
    return { action: 'retry', reason: `rate limited by Discord (429): ${message}`, retryAfterMs };
  }
  if (status !== undefined && status >= 500)
    return { action: 'retry', reason: `Discord server error (${status}): ${message}` };
  if (status === 403) return { action: 'disable', reason: `the bot is not allowed to post there (403: ${message})` };
  if (status === 404) return { action: 'disable', reason: `the destination was not found (404 ${message})` };
  if (status !== undefined && status >= 400) {
    return {
      action: 'fail',
      reason: `Discord rejected the post (${status}${code !== undefined ? `, code ${code}` : ''}): ${message}`,
    };
  }
  // No HTTP status: network error, timeout, gateway hiccup — transient.
  return { action: 'retry', reason: `could not reach Discord: ${message}` };
}
