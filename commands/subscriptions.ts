/**
 * /subscriptions — this server's channel subscriptions (for Manage Server members) and your own
 * DM ones, a page at a time: each enabled or disabled (with the recorded reason), what is waiting
 * to be posted, until when and why (hourly cap, retry after an error); plus what is wrong
 * upstream: failing feeds, feed items not added (retrying or skipped, with the reason), feeds.yml
 * problems, corpus files that failed to load. Always ephemeral.
 */
import type { Interaction } from 'discord.js';
import type { MessageData } from '../src/discord/limits.js';
import { buildListPage, requestedPage } from '../src/discord/paged-list.js';
import { escapeSource, fitLines, inlineCode, truncate } from '../src/discord/render.js';
import { reply, update } from '../src/discord/respond.js';
import { describeSubscription, shortFile, visibleSubscriptions } from '../src/discord/subscriptions.js';
import type { AnswerIndex, Command, UpdatesCommandContext } from '../src/discord/types.js';
import { canManageServer, withStoreErrors, type UpdatesContext } from '../src/discord/updates.js';
import { targetKey, type Subscription } from '../src/store/store.js';

const HOUR = 60 * 60 * 1000;
const WEEK = 7 * 24 * HOUR;
/** Subscriptions per page (each may take three lines). */
export const SUBSCRIPTIONS_PAGE_SIZE = 5;

function when(ms: number): string {
  return `<t:${Math.floor(ms / 1000)}:R>`;
}

/** What is waiting for a subscription's next post, until when, and why; undefined when nothing waits. */
async function waitingLine(updates: UpdatesContext, sub: Subscription, now: number): Promise<string | undefined> {
  const { store } = updates;
  const pending = await store.listDeliveries({ subscriptionId: sub.id, state: 'pending' });
  if (pending.length === 0 || !sub.enabled) return undefined;
  const docs =
    pending.length === 1
      ? '1 document waiting'
      : `${pending.length} documents waiting (they go out together, as digest posts)`;
  const retrying = pending.filter((d) => d.lastError);
  const firstError = retrying[0]?.lastError;
  if (firstError) {
    const next = Math.min(...retrying.map((d) => d.nextAttemptAt));
    return `${docs} · retry ${when(Math.max(next, now))} after an error: ${escapeSource(truncate(firstError, 150))}`;
  }
  const cap = updates.maxPostsPerChannelPerHour;
  const key = targetKey(sub);
  if (cap > 0 && (await store.countPostsSince(key, now - HOUR)) >= cap) {
    const until = ((await store.oldestPostSince(key, now - HOUR)) ?? now) + HOUR;
    return `${docs} · next post ${when(until)}: the cap of ${cap} post${cap === 1 ? '' : 's'} per hour here is reached`;
  }
  return `${docs} · going out within a minute`;
}

async function subscriptionEntry(
  updates: UpdatesContext,
  sub: Subscription,
  interaction: Interaction,
  now: number,
): Promise<string> {
  const extra: string[] = [];
  const waiting = await waitingLine(updates, sub, now);
  if (waiting) extra.push(waiting);
  const failed = await updates.store.listDeliveries({ subscriptionId: sub.id, state: 'failed' });
  if (failed.length && sub.enabled) {
    extra.push(
      `${failed.length} document${failed.length === 1 ? '' : 's'} not posted (last reason: ${escapeSource(truncate(failed.at(-1)!.lastError ?? '', 150))})`,
    );
  }
  return describeSubscription(sub, interaction) + extra.map((line) => `\n  ${line}`).join('');
}

export async function buildSubscriptionsMessage(
  updates: UpdatesContext,
  index: AnswerIndex,
  interaction: Interaction,
  page = 0,
  now = Date.now(),
): Promise<MessageData> {
  const { store } = updates;
  const subs = await visibleSubscriptions(store, interaction);
  const entries = new Map(
    await Promise.all(
      subs.map(async (sub) => [sub.id, await subscriptionEntry(updates, sub, interaction, now)] as const),
    ),
  );
  const none = interaction.inGuild()
    ? canManageServer(interaction)
      ? 'No subscriptions in this server, and none by DM for you. `/subscribe` adds one.'
      : 'You have no DM subscriptions. `/subscribe dm:true` adds one. (Channel subscriptions are listed for members with Manage Server.)'
    : 'You have no DM subscriptions. `/subscribe` adds one.';
  const message = buildListPage({
    command: 'subscriptions',
    title: 'Update subscriptions',
    items: subs,
    pageSize: SUBSCRIPTIONS_PAGE_SIZE,
    page,
    userId: interaction.user.id,
    empty: none,
    renderItem: (sub) => entries.get(sub.id)!,
    separator: '\n',
    footer: `${subs.filter((s) => s.enabled).length} enabled · ${subs.filter((s) => !s.enabled).length} disabled · /unsubscribe id:<n> removes one`,
  });

  const problems: string[] = [];
  const configured = updates.feeds();
  const names = new Map(configured.feeds.map((f) => [f.url, f.name]));
  const feedName = (url: string) => escapeSource(truncate(names.get(url) ?? url, 100));
  for (const feed of await store.listFeedStates()) {
    if (feed.failingSince === null || !names.has(feed.url)) continue;
    const next = feed.nextAttemptAt ? `; next try ${when(feed.nextAttemptAt)}` : '';
    problems.push(
      `• Feed **${escapeSource(truncate(names.get(feed.url) ?? feed.url, 100))}** failing since ${when(feed.failingSince)} (${feed.failures}×): ${escapeSource(truncate(feed.lastError ?? 'unknown error', 200))}${next}`,
    );
  }
  for (const item of await store.listFeedItemFailures()) {
    if (!names.has(item.feedUrl)) continue;
    problems.push(
      `• Feed **${feedName(item.feedUrl)}**: ${itemLabel(item.title, item.itemKey)} not added yet (${item.attempts} failed attempt${item.attempts === 1 ? '' : 's'}, tried again at the next poll): ${escapeSource(truncate(item.lastError, 200))}`,
    );
  }
  for (const item of await store.skippedFeedItems(now - WEEK)) {
    if (!names.has(item.feedUrl)) continue;
    problems.push(
      `• Feed **${feedName(item.feedUrl)}**: ${itemLabel(item.title, item.itemKey)} skipped ${when(item.at)}: ${escapeSource(truncate(item.reason, 200))}`,
    );
  }
  for (const p of configured.problems) {
    problems.push(
      `• feeds.yml, ${escapeSource(truncate(p.feed, 80))}: ${escapeSource(p.field)} — ${escapeSource(truncate(p.reason, 200))}`,
    );
  }
  for (const p of index.problems()) {
    problems.push(
      `• Corpus file ${inlineCode(shortFile(p.file))} not loaded: ${escapeSource(p.field)} — ${escapeSource(truncate(p.reason, 200))}`,
    );
  }
  if (problems.length)
    message.embeds!.push({
      title: 'Problems upstream',
      description: fitLines(problems, 2000, (left) => `…and ${left} more`),
      color: 0xc05621,
    });
  return message;
}

function itemLabel(title: string | null, key: string): string {
  return title ? `“${escapeSource(truncate(title, 120))}”` : `item ${inlineCode(truncate(key, 120))}`;
}

export const subscriptions: Command<UpdatesCommandContext> = withStoreErrors({
  data: {
    name: 'subscriptions',
    description: "List this server's update subscriptions (or your DM ones), failing feeds and corpus problems",
  },

  async execute(interaction, { updates, index }) {
    await reply(interaction, await buildSubscriptionsMessage(updates, index, interaction), true);
  },

  async button(interaction, { updates, index }) {
    const request = await requestedPage(interaction, 'subscriptions');
    if (request) await update(interaction, await buildSubscriptionsMessage(updates, index, interaction, request.page));
  },
});

export default subscriptions;
