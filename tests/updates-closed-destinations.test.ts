/**
 * Destinations Discord keeps refusing for a reason only a server manager can fix: a forum that
 * requires a tag on every post (40067), a thread archived and locked (50083). Every post there
 * would fail the same way, so the subscription is disabled and its creator told why, as for a
 * channel the bot lost access to — not failed post after post with nobody told. Real discord.js
 * client against the Discord stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  channelOption,
  cleanupWorlds,
  dmChannelOf,
  drop,
  FENTANYL,
  MANAGER,
  run,
  startWorld,
} from './helpers/update-world.js';

afterEach(cleanupWorlds);

describe('a destination that refuses every post until a manager changes it', () => {
  it.each([
    {
      what: 'a forum that requires a tag',
      code: 40067,
      message: 'A tag is required to create a forum post in this channel',
      reason: /requires a tag/,
    },
    {
      what: 'an archived, locked thread',
      code: 50083,
      message: 'Cannot execute action on an archived thread',
      reason: /archived/,
    },
  ])('$what: the subscription is disabled and its creator told why', async ({ code, message, reason }) => {
    const w = await startWorld();
    const forum = channelOption(w, w.forumId, 15, 'pact-news');
    await run(w, 'subscribe', [forum.option], { resolved: forum.resolved });
    w.discord.injectError({ method: 'POST', path: `/channels/${w.forumId}/threads`, status: 400, code, message });
    drop(w, 'fentanyl-seizures.md', FENTANYL);

    await expect.poll(() => w.store.getSubscription(1)?.enabled, { timeout: 10_000 }).toBe(false);
    expect(w.store.getSubscription(1)?.disabledReason).toMatch(reason);
    await expect.poll(() => dmChannelOf(w, MANAGER), { timeout: 5000 }).toBeDefined();
    await expect.poll(() => w.discord.channelMessages(dmChannelOf(w, MANAGER)!).length, { timeout: 5000 }).toBe(1);
    const [notice] = w.discord.channelMessages(dmChannelOf(w, MANAGER)!);
    expect(notice.content).toMatch(/^Subscription #1, update posts to <#\d+>, has been \*\*disabled\*\*: /);
    expect(notice.content).toMatch(reason);
    const list = await run(w, 'subscriptions');
    expect(list.body.embeds[0].description).toMatch(/\*\*Disabled\*\*: /);
    expect(list.body.embeds[0].description).toMatch(reason);
  });
});
