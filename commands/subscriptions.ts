/**
 * /subscriptions — this server's channel subscriptions (for Manage Server members) and your own
 * DM ones, each enabled or disabled with the recorded reason and its queued / failed posts; plus
 * what is wrong upstream: failing feeds, feeds.yml problems, corpus files that failed to load.
 * Always ephemeral.
 */
import type { Interaction } from 'discord.js';
import { EMBED_COLOR } from '../src/discord/documents.js';
import type { EmbedData, MessageData } from '../src/discord/limits.js';
import { escapeSource, inlineCode, truncate } from '../src/discord/render.js';
import { reply, tell } from '../src/discord/respond.js';
import { describeSubscription, shortFile, visibleSubscriptions } from '../src/discord/subscriptions.js';
import type { AnswerIndex, Command } from '../src/discord/types.js';
import { NOT_ENABLED, canManageServer, type UpdatesContext } from '../src/discord/updates.js';

function when(ms: number): string {
  return `<t:${Math.floor(ms / 1000)}:R>`;
}

/** Lines joined until `max` characters, then "…and N more". */
function fit(lines: string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const more = `…and ${lines.length - i} more`;
    if (length + lines[i].length + 1 > max - more.length - 1) {
      out.push(more);
      break;
    }
    out.push(lines[i]);
    length += lines[i].length + 1;
  }
  return out.join('\n');
}

export function buildSubscriptionsMessage(updates: UpdatesContext, index: AnswerIndex, interaction: Interaction): MessageData {
  const { store } = updates;
  const subs = visibleSubscriptions(store, interaction);
  const lines = subs.map((sub) => {
    const pending = store.listDeliveries({ subscriptionId: sub.id, state: 'pending' });
    const failed = store.listDeliveries({ subscriptionId: sub.id, state: 'failed' });
    const extra: string[] = [];
    if (pending.length) {
      const retrying = pending.filter((d) => d.lastError);
      extra.push(`${pending.length} post${pending.length === 1 ? '' : 's'} queued${retrying.length ? ` (retrying: ${escapeSource(truncate(retrying[0].lastError!, 150))})` : ''}`);
    }
    if (failed.length && sub.enabled) extra.push(`${failed.length} failed (last: ${escapeSource(truncate(failed.at(-1)!.lastError ?? '', 150))})`);
    return describeSubscription(sub, interaction) + (extra.length ? `\n  ${extra.join(' · ')}` : '');
  });
  const none = interaction.inGuild()
    ? canManageServer(interaction)
      ? 'No subscriptions in this server, and none by DM for you. `/subscribe` adds one.'
      : 'You have no DM subscriptions. `/subscribe dm:true` adds one. (Channel subscriptions are listed for members with Manage Server.)'
    : 'You have no DM subscriptions. `/subscribe` adds one.';
  const embeds: EmbedData[] = [
    {
      title: 'Update subscriptions',
      description: lines.length ? fit(lines, 3500) : none,
      color: EMBED_COLOR,
      footer: { text: `${subs.filter((s) => s.enabled).length} enabled · ${subs.filter((s) => !s.enabled).length} disabled · /unsubscribe id:<n> removes one` },
    },
  ];

  const problems: string[] = [];
  const configured = updates.runtime?.feeds();
  const names = new Map((configured?.feeds ?? []).map((f) => [f.url, f.name]));
  for (const feed of store.listFeedStates()) {
    if (feed.failingSince === null || (configured && !names.has(feed.url))) continue;
    const next = feed.nextAttemptAt ? `; next try ${when(feed.nextAttemptAt)}` : '';
    problems.push(
      `• Feed **${escapeSource(truncate(names.get(feed.url) ?? feed.url, 100))}** failing since ${when(feed.failingSince)} (${feed.failures}×): ${escapeSource(truncate(feed.lastError ?? 'unknown error', 200))}${next}`,
    );
  }
  for (const p of configured?.problems ?? []) {
    problems.push(`• feeds.yml, ${escapeSource(truncate(p.feed, 80))}: ${escapeSource(p.field)} — ${escapeSource(truncate(p.reason, 200))}`);
  }
  for (const p of index.problems()) {
    problems.push(`• Corpus file ${inlineCode(shortFile(p.file))} not loaded: ${escapeSource(p.field)} — ${escapeSource(truncate(p.reason, 200))}`);
  }
  if (problems.length) embeds.push({ title: 'Problems upstream', description: fit(problems, 2000), color: 0xc05621 });
  return { embeds };
}

export const subscriptions: Command = {
  data: {
    name: 'subscriptions',
    description: "List this server's update subscriptions (or your DM ones), failing feeds and corpus problems",
  },

  async execute(interaction, { updates, index }) {
    if (!updates) return tell(interaction, NOT_ENABLED);
    await reply(interaction, buildSubscriptionsMessage(updates, index, interaction), true);
  },
};

export default subscriptions;
