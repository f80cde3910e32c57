/**
 * One member flooding the bot: their commands are refused with an ephemeral "Slow down" from
 * their own token bucket, and everyone else's answers keep their speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, rateLimitOf } from '../src/config.js';
import { UserRateLimiter } from '../src/discord/rate-limit.js';
import { openRealIndex, startHarness, type Harness } from './discord-standin/harness.js';
import { ALICE, BOB, autocompleteInteraction, commandInteraction } from './discord-standin/payloads.js';
import { expectSendable, isCallback, isEditOriginal } from './discord-standin/requests.js';

describe('the per-user token bucket', () => {
  it('allows a burst, then one command per refill interval, per user', () => {
    let now = 0;
    const limiter = new UserRateLimiter({ burst: 3, perMinute: 6 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('alice').ok)).toEqual([true, true, true]);
    expect(limiter.take('alice')).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(limiter.isEmpty('alice')).toBe(true);
    expect(limiter.take('bob').ok).toBe(true); // bob has his own bucket
    now = 4_000;
    expect(limiter.take('alice')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now = 10_000;
    expect(limiter.take('alice').ok).toBe(true);
    expect(limiter.take('alice').ok).toBe(false);
    now = 10_000 + 10 * 60_000; // a long pause refills only up to the burst
    expect([1, 2, 3, 4].map(() => limiter.take('alice').ok)).toEqual([true, true, true, false]);
  });

  it('is off with 0 per minute', () => {
    const limiter = new UserRateLimiter({ burst: 1, perMinute: 0 });
    expect(Array.from({ length: 50 }, () => limiter.take('alice').ok).every(Boolean)).toBe(true);
  });

  it('is configured by COMMANDS_PER_MINUTE and COMMAND_BURST, with defaults', () => {
    const env = {
      DISCORD_TOKEN: `${'a'.repeat(24)}.${'b'.repeat(6)}.${'c'.repeat(27)}`,
      DISCORD_CLIENT_ID: '123456789012345678',
    };
    expect(rateLimitOf(loadConfig(env))).toEqual({ perMinute: 12, burst: 6 });
    expect(rateLimitOf(loadConfig({ ...env, COMMANDS_PER_MINUTE: '30', COMMAND_BURST: '10' }))).toEqual({
      perMinute: 30,
      burst: 10,
    });
    expect(rateLimitOf(loadConfig({ ...env, COMMANDS_PER_MINUTE: '0' }))).toEqual({ perMinute: 0, burst: 6 });
    expect(() => loadConfig({ ...env, COMMANDS_PER_MINUTE: 'lots' })).toThrow(
      'COMMANDS_PER_MINUTE is malformed. It must be a whole number from 0 (no limit) to 600 (default 12).',
    );
    expect(() => loadConfig({ ...env, COMMAND_BURST: '0' })).toThrow('COMMAND_BURST is malformed');
  });
});

describe('a flood through the stand-in', () => {
  let h: Harness;
  let cleanup: () => void;
  beforeAll(async () => {
    const real = await openRealIndex();
    cleanup = real.cleanup;
    h = await startHarness({ index: real.index, rateLimit: { burst: 5, perMinute: 12 } });
  });
  afterAll(async () => {
    await h?.stop();
    cleanup?.();
  });

  it("200 /ask from one user: the flooder is told to slow down, another user's /ask is answered within Discord's 3 s", async () => {
    const question = (i: number) => ({
      name: 'ask',
      user: ALICE,
      options: [{ name: 'question', value: `Who designated the cartels as terrorist organizations? ${i}` }],
    });
    const flood = Array.from({ length: 200 }, (_, i) =>
      h.discord.sendInteraction(commandInteraction(h.discord, question(i))),
    );
    const bobSentAt = Date.now();
    const bob = h.discord.sendInteraction(
      commandInteraction(h.discord, {
        name: 'ask',
        user: BOB,
        options: [{ name: 'question', value: 'What is Mission Firewall?' }],
      }),
    );
    const bobDeferred = await h.discord.waitFor(isCallback(bob), { timeout: 10_000 });
    const bobAnswer = await h.discord.waitFor(isEditOriginal(h.discord, bob), { timeout: 10_000 });
    const bobMs = Date.now() - bobSentAt;
    console.info(`Bob's /ask answered in ${bobMs} ms during a 200-command flood`);
    expect(bobDeferred.body.type).toBe(5);
    expect(bobAnswer.body.embeds.length).toBeGreaterThan(0);
    expect(bobMs).toBeLessThan(3_000);

    const callbacks = await Promise.all(flood.map((sent) => h.discord.waitFor(isCallback(sent), { timeout: 20_000 })));
    const deferred = callbacks.filter((c) => c.body.type === 5);
    const refused = callbacks.filter((c) => c.body.type === 4);
    expect(deferred).toHaveLength(5);
    expect(refused).toHaveLength(195);
    for (const r of refused) {
      expect(r.body.data.flags).toBe(64);
      expect(r.body.data.content).toMatch(/^Slow down — try again in \d+ s\.$/);
      expectSendable(r.body.data);
    }
  }, 60_000);

  it('gives a flooding user an empty autocomplete list rather than an error', async () => {
    const sent = h.discord.sendInteraction(
      autocompleteInteraction(h.discord, {
        name: 'source',
        user: ALICE,
        options: [{ name: 'document', value: 'rub', focused: true }],
      }),
    );
    const callback = await h.discord.waitFor(isCallback(sent));
    expect(callback.body).toEqual({ type: 8, data: { choices: [] } });
    const bobs = h.discord.sendInteraction(
      autocompleteInteraction(h.discord, {
        name: 'source',
        user: BOB,
        options: [{ name: 'document', value: 'rub', focused: true }],
      }),
    );
    expect((await h.discord.waitFor(isCallback(bobs))).body.data.choices.length).toBeGreaterThan(0);
  });
});
