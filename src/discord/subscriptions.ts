/** Shared by /subscribe, /unsubscribe and /subscriptions: who sees which subscription, and how it reads. */
import path from 'node:path';
import {
  ChannelType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Interaction,
  type PermissionsBitField,
} from 'discord.js';
import type { Analyzer } from '../search/analyze.js';
import { parseFilter, searchableFilterWords } from '../search/filter.js';
import type { Subscription } from '../store/store.js';
import type { StateStore } from '../store/state-store.js';
import { withinTime } from '../within-time.js';
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
export function filterProblem(filter: string, analyzer: Analyzer): string | undefined {
  if (filter.length > FILTER_MAX) return `The filter is too long (${filter.length} characters; at most ${FILTER_MAX}).`;
  if (!filter) return undefined;
  if (parseFilter(filter).length === 0) {
    return 'The filter has no words in it. Give words (all must occur) and "quoted phrases", or leave it out to get every new document.';
  }
  if (searchableFilterWords(filter, analyzer).length === 0) {
    return (
      `The filter ${inlineCode(filter)} has no word that search can match: words as common as "the", "of", "and", "de" or "la" are not indexed, ` +
      'so it would match every document. Give at least one distinctive word (e.g. `fentanyl`, `"Security Implementation Group"`), or leave the filter out to get every new document.'
    );
  }
  return undefined;
}

const THREAD_TYPES = new Set<number>([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);
const FORUM_LIKE = new Set<number>([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** The permissions the bot needs to post update posts in a channel of this type, by name. */
export function neededPermissions(channelType: number): [name: string, bit: bigint][] {
  const view: [string, bigint] = ['View Channel', PermissionFlagsBits.ViewChannel];
  const embed: [string, bigint] = ['Embed Links', PermissionFlagsBits.EmbedLinks];
  if (THREAD_TYPES.has(channelType))
    return [view, ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads], embed];
  // In a forum, "Send Messages" is what lets the bot create posts.
  if (FORUM_LIKE.has(channelType))
    return [view, ['Send Messages (Create Posts)', PermissionFlagsBits.SendMessages], embed];
  return [view, ['Send Messages', PermissionFlagsBits.SendMessages], embed];
}

/** How long /subscribe waits to learn the bot's permissions elsewhere before saying it could not check. */
const PERMISSION_LOOKUP_MS = 1500;

/**
 * The bot's permissions in a channel of this server: Discord sends them for the channel the
 * command was run in; for another channel they are computed from the cached channel and the
 * bot's member (fetched once if needed). Undefined when they cannot be learnt in time.
 */
export async function botPermissionsIn(
  interaction: ChatInputCommandInteraction,
  channelId: string,
): Promise<Readonly<PermissionsBitField> | undefined> {
  if (channelId === interaction.channelId && interaction.appPermissions) return interaction.appPermissions;
  const guild =
    interaction.guild ?? (interaction.guildId ? interaction.client.guilds.cache.get(interaction.guildId) : undefined);
  if (!guild) return undefined;
  const lookup = (async () => {
    const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
    const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
    if (!channel || !me) return undefined;
    return channel.permissionsFor(me) ?? undefined;
  })();
  return withinTime(
    lookup.catch(() => undefined),
    PERMISSION_LOOKUP_MS,
  );
}

/** Names of the permissions the bot lacks to post in the channel (empty when it has them all). */
export function missingPermissions(permissions: Readonly<PermissionsBitField>, channelType: number): string[] {
  return neededPermissions(channelType)
    .filter(([, bit]) => !permissions.has(bit))
    .map(([name]) => name);
}

/**
 * Subscriptions this user may see and remove here: in a server, the server's channel
 * subscriptions (managers only) and the user's own DM subscriptions; in a DM, their own.
 */
export async function visibleSubscriptions(store: StateStore, interaction: Interaction): Promise<Subscription[]> {
  const own = await store.listSubscriptions({ kind: 'dm', userId: interaction.user.id });
  if (!interaction.inGuild()) return own;
  const server = canManageServer(interaction)
    ? await store.listSubscriptions({ kind: 'channel', guildId: interaction.guildId })
    : [];
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
export function describeSubscription(
  sub: Subscription,
  interaction: Interaction,
  options: { plain?: boolean } = {},
): string {
  const plain = options.plain ?? false;
  const where = sub.kind === 'channel' ? channelLabel(interaction, sub.channelId!, plain) : 'your DMs';
  const filter = sub.filter
    ? plain
      ? ` · filter: ${sub.filter}`
      : ` · filter: ${inlineCode(sub.filter)}`
    : plain
      ? ' · everything'
      : ' · every new document';
  const role = sub.roleId ? (plain ? ' · mentions a role' : ` · mentions <@&${sub.roleId}>`) : '';
  const state = sub.enabled
    ? ''
    : plain
      ? ' · DISABLED'
      : `\n  **Disabled**: ${escapeSource(truncate(sub.disabledReason ?? 'no reason recorded', 400))}`;
  const line = `#${sub.id} · ${where}${filter}${role}${state}`;
  return plain ? truncate(line, 100) : line;
}

/** A corpus problem's file as shown to users: its name in the corpus folder, not the server's path. */
export function shortFile(file: string): string {
  return path.basename(file);
}
