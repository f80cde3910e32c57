/** Shared by /subscribe, /unsubscribe and /subscriptions: who sees which subscription, and how it reads. */
import path from 'node:path';
import { ChannelType, type Interaction } from 'discord.js';
import type { Store, Subscription } from '../store/store.js';
import { parseFilter } from '../search/filter.js';
import { escapeSource, inlineCode, truncate } from './render.js';
import { canManageServer } from './updates.js';

/** Channels a subscription may post to: text, announcement, threads, forum and media channels. */
export const SUBSCRIBABLE_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
] as const;

export const FILTER_MAX = 200;

/** Why a filter cannot be used, or undefined when it is fine ('' = everything is fine too). */
export function filterProblem(filter: string): string | undefined {
  if (filter.length > FILTER_MAX) return `The filter is too long (${filter.length} characters; at most ${FILTER_MAX}).`;
  if (filter && parseFilter(filter).length === 0) {
    return 'The filter has no words in it. Give words (all must occur) and "quoted phrases", or leave it out to get every new document.';
  }
  return undefined;
}

/**
 * Subscriptions this user may see and remove here: in a server, the server's channel
 * subscriptions (managers only) and the user's own DM subscriptions; in a DM, their own.
 */
export function visibleSubscriptions(store: Store, interaction: Interaction): Subscription[] {
  const own = store.listSubscriptions({ kind: 'dm', userId: interaction.user.id });
  if (!interaction.inGuild()) return own;
  const server = canManageServer(interaction) ? store.listSubscriptions({ kind: 'channel', guildId: interaction.guildId }) : [];
  return [...server, ...own].sort((a, b) => a.id - b.id);
}

export function mayRemove(sub: Subscription, interaction: Interaction): boolean {
  if (sub.kind === 'dm') return sub.userId === interaction.user.id;
  return interaction.inGuild() && sub.guildId === interaction.guildId && canManageServer(interaction);
}

/** "#general" from the client's cache, else the channel mention markup. */
function channelLabel(interaction: Interaction, channelId: string, plain: boolean): string {
  const channel = interaction.client.channels.cache.get(channelId);
  if (plain) return channel && 'name' in channel && channel.name ? `#${channel.name}` : `channel ${channelId}`;
  return `<#${channelId}>`;
}

/** One line for /subscriptions (markdown) or an autocomplete choice name (plain, ≤ 100). */
export function describeSubscription(sub: Subscription, interaction: Interaction, options: { plain?: boolean } = {}): string {
  const plain = options.plain ?? false;
  const where = sub.kind === 'channel' ? channelLabel(interaction, sub.channelId!, plain) : 'your DMs';
  const filter = sub.filter ? (plain ? ` · filter: ${sub.filter}` : ` · filter: ${inlineCode(sub.filter)}`) : plain ? ' · everything' : ' · every new document';
  const role = sub.roleId ? (plain ? ' · mentions a role' : ` · mentions <@&${sub.roleId}>`) : '';
  const state = sub.enabled ? '' : plain ? ' · DISABLED' : `\n  **Disabled**: ${escapeSource(truncate(sub.disabledReason ?? 'no reason recorded', 400))}`;
  const line = `#${sub.id} · ${where}${filter}${role}${state}`;
  return plain ? truncate(line, 100) : line;
}

/** A corpus problem's file as shown to users: its name in the corpus folder, not the server's path. */
export function shortFile(file: string): string {
  return path.basename(file);
}
