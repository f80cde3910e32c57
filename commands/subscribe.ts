/**
 * /subscribe [channel] [filter] [role] [dm] — update posts about new documents.
 *
 *  - A channel (text, announcement, thread, forum; default: this one), optionally mentioning a
 *    role: server managers only (Manage Server, checked here — the command stays visible to
 *    everyone because `dm:true` is for everyone).
 *  - `dm:true`: anyone subscribes themselves by direct message (also the default in a DM).
 *  - `filter`: words (all must occur) and "quoted phrases", matched like search; none = everything.
 * Duplicates are refused (a disabled duplicate is enabled again); bad options get an ephemeral reason.
 */
import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits } from 'discord.js';
import type { NewSubscription } from '../src/store/store.js';
import { escapeSource, inlineCode, truncate } from '../src/discord/render.js';
import { reply, tell } from '../src/discord/respond.js';
import { FILTER_MAX, SUBSCRIBABLE_CHANNEL_TYPES, filterProblem } from '../src/discord/subscriptions.js';
import type { Command } from '../src/discord/types.js';
import { FORUM_TYPES } from '../src/discord/update-sender.js';
import { NOT_ENABLED, canManageServer } from '../src/discord/updates.js';

const THREAD_TYPES = new Set<number>([ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread]);

function filterText(filter: string): string {
  return filter ? `new documents matching ${inlineCode(filter)}` : 'every new document';
}

export const subscribe: Command = {
  data: {
    name: 'subscribe',
    description: 'Get a post when a new document about the pact arrives (channel: Manage Server; dm: anyone)',
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'Where to post (default: this channel). Text channel, thread or forum.',
        channel_types: [...SUBSCRIBABLE_CHANNEL_TYPES],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'filter',
        description: 'Only documents with all these words / "quoted phrases" (default: every new document)',
        max_length: FILTER_MAX,
      },
      { type: ApplicationCommandOptionType.Role, name: 'role', description: 'A role to mention in each post' },
      { type: ApplicationCommandOptionType.Boolean, name: 'dm', description: 'Send the posts to me by direct message instead' },
    ],
  },

  async execute(interaction, { updates }) {
    if (!updates) return tell(interaction, NOT_ENABLED);
    const filter = (interaction.options.getString('filter') ?? '').replace(/\s+/g, ' ').trim();
    const channelOption = interaction.options.getChannel('channel');
    const role = interaction.options.getRole('role');
    const dm = interaction.options.getBoolean('dm') ?? !interaction.inGuild();

    const problem = filterProblem(filter);
    if (problem) return tell(interaction, problem);

    if (dm) {
      if (channelOption || role) {
        return tell(interaction, '`dm:true` sends the posts to you by direct message: leave out `channel` and `role`, or leave out `dm` to subscribe a channel.');
      }
      const sub: NewSubscription = { kind: 'dm', guildId: interaction.guildId, userId: interaction.user.id, filter, createdBy: interaction.user.id };
      const same = updates.store.findSameSubscription(sub);
      if (same?.enabled) return tell(interaction, `You are already subscribed to ${filterText(filter)} by DM (subscription #${same.id}). /subscriptions lists yours.`);
      if (same) {
        updates.store.enableSubscription(same.id);
        return tell(interaction, `Your DM subscription #${same.id} to ${filterText(filter)} was disabled (${escapeSource(truncate(same.disabledReason ?? '', 300))}); it is enabled again.`);
      }
      const created = updates.store.addSubscription(sub);
      return tell(
        interaction,
        `Subscribed: I will send you ${filterText(filter)} by direct message (subscription #${created.id}). ` +
          'If your DMs are closed to me, the subscription is disabled and /subscriptions says why. /unsubscribe stops it.',
      );
    }

    if (!interaction.inGuild()) return tell(interaction, 'Channels can only be subscribed from inside their server.');
    if (!canManageServer(interaction)) {
      return tell(interaction, 'Only members with the **Manage Server** permission can subscribe a channel. You can subscribe yourself with `/subscribe dm:true`.');
    }
    if (role && role.id === interaction.guildId) return tell(interaction, 'I do not mention @everyone. Pick a role, or leave `role` out.');

    const channelId = channelOption?.id ?? interaction.channelId;
    const channelType = channelOption?.type ?? interaction.channel?.type;
    if (!channelId) return tell(interaction, 'Pick a channel with the `channel` option.');
    if (channelType !== undefined && !(SUBSCRIBABLE_CHANNEL_TYPES as readonly number[]).includes(channelType)) {
      return tell(interaction, 'I can post to text and announcement channels, threads and forums only. Pick one with the `channel` option.');
    }

    const sub: NewSubscription = { kind: 'channel', guildId: interaction.guildId, channelId, filter, roleId: role?.id ?? null, createdBy: interaction.user.id };
    const same = updates.store.findSameSubscription(sub);
    if (same?.enabled) {
      return tell(interaction, `<#${channelId}> is already subscribed to ${filterText(filter)} (subscription #${same.id}). /subscriptions lists this server's.`);
    }
    if (same) {
      updates.store.enableSubscription(same.id);
      return reply(interaction, {
        content: `Subscription #${same.id} (<#${channelId}>, ${filterText(filter)}) was disabled (${escapeSource(truncate(same.disabledReason ?? '', 300))}); it is enabled again.`,
      });
    }
    const created = updates.store.addSubscription(sub);

    const notes: string[] = [];
    // appPermissions are the bot's permissions in the channel the command was run in.
    if (channelId === interaction.channelId && interaction.appPermissions) {
      const inThread = THREAD_TYPES.has(channelType ?? ChannelType.GuildText);
      const missing = [
        ['View Channel', PermissionFlagsBits.ViewChannel],
        inThread ? ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads] : ['Send Messages', PermissionFlagsBits.SendMessages],
        ['Embed Links', PermissionFlagsBits.EmbedLinks],
      ].filter(([, bit]) => !interaction.appPermissions!.has(bit as bigint)).map(([name]) => name);
      if (missing.length) notes.push(`⚠️ I am missing ${missing.join(', ')} here: the first post will fail and the subscription will be disabled.`);
    }
    if (channelType !== undefined && FORUM_TYPES.has(channelType)) notes.push('Each update becomes a new post in the forum.');
    if (role && !role.mentionable) notes.push(`The role is not mentionable: it will only be pinged if I have the **Mention @everyone, @here and All Roles** permission.`);

    await reply(interaction, {
      content: [
        `Subscribed <#${channelId}> to ${filterText(filter)}${role ? `, mentioning <@&${role.id}>` : ''} (subscription #${created.id}). ` +
          'Each new document is posted once; several at once come as one digest. /unsubscribe stops it.',
        ...notes,
      ].join('\n'),
    });
  },
};

export default subscribe;
