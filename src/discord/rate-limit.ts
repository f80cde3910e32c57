/**
 * A token bucket per user: each command takes a token, tokens come back at a steady rate up to a
 * small burst. One member flooding the bot uses up only their own bucket, so everyone else's
 * commands run as before.
 */
export interface RateLimitSettings {
  /** Commands a user may run in a burst. */
  burst: number;
  /** Tokens returned per minute; 0 turns the limit off. */
  perMinute: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/** Buckets kept before full ones are forgotten (a full bucket is the same as no bucket). */
const MAX_TRACKED_USERS = 10_000;

export class UserRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `userId`, or says how long until one is back. */
  take(userId: string): Take {
    if (this.settings.perMinute <= 0) return { ok: true };
    const bucket = this.refilled(userId);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 60_000) / this.settings.perMinute) };
  }

  /** True while `userId` has no token left (autocomplete asks without taking one). */
  isEmpty(userId: string): boolean {
    return this.settings.perMinute > 0 && this.buckets.has(userId) && this.refilled(userId).tokens < 1;
  }

  private refilled(userId: string): { tokens: number; at: number } {
    const now = this.now();
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_USERS) this.forgetFullBuckets(now);
      bucket = { tokens: this.settings.burst, at: now };
      this.buckets.set(userId, bucket);
    }
    const earned = ((now - bucket.at) * this.settings.perMinute) / 60_000;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + earned);
    bucket.at = now;
    return bucket;
  }

  private forgetFullBuckets(now: number): void {
    for (const [id, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.settings.perMinute) / 60_000 >= this.settings.burst)
        this.buckets.delete(id);
    }
  }
}

/** The reply a rate-limited user sees. */
export function slowDownMessage(retryAfterMs: number): string {
  return `Slow down — try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`;
}
