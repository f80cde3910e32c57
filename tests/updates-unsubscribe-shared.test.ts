/**
 * Two subscriptions in one channel share one queued post. Removing one of them before the post
 * goes out must neither drop the post for the other (it was queued under the lowest-numbered
 * subscription) nor keep pinging the removed one's role. Real discord.js client, Discord stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanupWorlds,
  drop,
  FAST,
  FENTANYL,
  posts,
  roleResolved,
  ROLE_ID,
  run,
  startWorld,
  type World,
} from './helpers/update-world.js';

afterEach(cleanupWorlds);

/** #1: every new document; #2: `fentanyl`, mentioning the role; both in this channel. The post is queued, not sent. */
async function twoSubscriptionsAndAQueuedPost(): Promise<World> {
  // Deliveries wait a minute, so the post is still queued when a subscription is removed.
  const w = await startWorld({ runtime: { ...FAST, burstDelayMs: 60_000 } });
  expect((await run(w, 'subscribe')).body.content).toContain('(subscription #1)');
  const second = await run(
    w,
    'subscribe',
    [
      { name: 'filter', value: 'fentanyl' },
      { name: 'role', type: 8, value: ROLE_ID },
    ],
    { resolved: roleResolved },
  );
  expect(second.body.content).toContain('(subscription #2)');
  drop(w, 'fentanyl-seizures.md', FENTANYL);
  await expect.poll(() => w.store.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(1);
  return w;
}

describe('removing one of two subscriptions that share a queued post', () => {
  it('the other subscription still gets the post, with its role', async () => {
    const w = await twoSubscriptionsAndAQueuedPost();
    const removed = await run(w, 'unsubscribe', [{ name: 'id', value: 1 }]);
    expect(removed.body.content).toMatch(/^Unsubscribed: #1/);

    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(1);
    const [post] = posts(w);
    expect(post?.body.embeds[0].title).toBe('Fentanyl seizures rise at the northern border');
    expect(post?.body.content).toBe(`<@&${ROLE_ID}>`);
    expect(post?.body.allowed_mentions).toEqual({ parse: [], roles: [ROLE_ID] });
    expect(post?.body.embeds[0].footer.text).toBe('Matches your subscription: fentanyl');
  });

  it("the removed subscription's role is no longer pinged", async () => {
    const w = await twoSubscriptionsAndAQueuedPost();
    await run(w, 'unsubscribe', [{ name: 'id', value: 2 }]);

    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(1);
    const [post] = posts(w);
    expect(post?.body.content).toBeUndefined();
    expect(post?.body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(post?.body.embeds[0].footer.text).toBe('New in the corpus');
  });

  it('removing the only subscription at a destination drops its queued post', async () => {
    const w = await twoSubscriptionsAndAQueuedPost();
    await run(w, 'unsubscribe', [{ name: 'id', value: 1 }]);
    await run(w, 'unsubscribe', [{ name: 'id', value: 2 }]);
    expect(w.store.listDeliveries({ state: 'pending' })).toHaveLength(0);
    await w.bot.updates!.deliverNow();
    expect(posts(w)).toHaveLength(0);
  });
});
