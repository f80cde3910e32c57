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
import { ApplicationCommandOptionType } from 'discord.js';
import type { NewSubscription } from '../src/store/store.js';
import { escapeSource, inlineCode, truncate } from '../src/discord/render.js';
import { reply, tell } from '../src/discord/respond.js';
import {
  FILTER_MAX,
  SUBSCRIBABLE_CHANNEL_TYPES,
  botPermissionsIn,
  filterProblem,
  missingPermissions,
} from '../src/discord/subscriptions.js';
import type { Command, UpdatesCommandContext } from '../src/discord/types.js';
import { FORUM_TYPES } from '../src/discord/update-sender.js';
import { canManageServer, withStoreErrors, type UpdatesContext } from '../src/discord/updates.js';

function filterText(filter: string): string {
  return filter ? `new documents matching ${inlineCode(filter)}` : 'every new document';
}

/** Why this user or server may not add another subscription, or undefined. */
async function capProblem(
  updates: UpdatesContext,
  userId: string,
  guildId: string | null,
): Promise<string | undefined> {
  const { perUser, perServer } = updates.limits;
  const mine = (await updates.store.listSubscriptions({ createdBy: userId })).length;
  if (mine >= perUser) {
    return `You already have ${mine} subscriptions, the most one person may have (${perUser}). /unsubscribe one you no longer need first; /subscriptions lists them.`;
  }
  if (guildId) {
    const server = (await updates.store.listSubscriptions({ guildId })).length;
    if (server >= perServer) {
      return `This server already has ${server} subscriptions, the most one server may have (${perServer}). A manager can /unsubscribe old ones first; /subscriptions lists them.`;
    }
  }
  return undefined;
}

export const subscribe: Command<UpdatesCommandContext> = withStoreErrors({
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
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'dm',
        description: 'Send the posts to me by direct message instead',
      },
    ],
  },

  async execute(interaction, { updates }) {
    const filter = (interaction.options.getString('filter') ?? '').replace(/\s+/g, ' ').trim();
    const channelOption = interaction.options.getChannel('channel');
    const role = interaction.options.getRole('role');
    const dm = interaction.options.getBoolean('dm') ?? !interaction.inGuild();

    const problem = filterProblem(filter, updates.analyzer);
    if (problem) return tell(interaction, problem);

    if (dm) {
      if (channelOption || role) {
        return tell(
          interaction,
          '`dm:true` sends the posts to you by direct message: leave out `channel` and `role`, or leave out `dm` to subscribe a channel.',
        );
      }
      const sub: NewSubscription = {
        kind: 'dm',
        guildId: interaction.guildId,
        userId: interaction.user.id,
        filter,
        createdBy: interaction.user.id,
      };
      const same = await updates.store.findSameSubscription(sub);
      if (same?.enabled)
        return tell(
          interaction,
          `You are already subscribed to ${filterText(filter)} by DM (subscription #${same.id}). /subscriptions lists yours.`,
        );
      if (same) {
        await updates.store.enableSubscription(same.id);
        return tell(
          interaction,
          `Your DM subscription #${same.id} to ${filterText(filter)} was disabled (${escapeSource(truncate(same.disabledReason ?? '', 300))}); it is enabled again.`,
        );
      }
      const cap = await capProblem(updates, interaction.user.id, interaction.guildId);
      if (cap) return tell(interaction, cap);
      const created = await updates.store.addSubscription(sub);
      return tell(
        interaction,
        `Subscribed: I will send you ${filterText(filter)} by direct message (subscription #${created.id}). ` +
          'If your DMs are closed to me, the subscription is disabled and /subscriptions says why. /unsubscribe stops it.',
      );
    }

    if (!interaction.inGuild()) return tell(interaction, 'Channels can only be subscribed from inside their server.');
    if (!canManageServer(interaction)) {
      return tell(
        interaction,
        'Only members with the **Manage Server** permission can subscribe a channel. You can subscribe yourself with `/subscribe dm:true`.',
      );
    }
    if (role && role.id === interaction.guildId)
      return tell(interaction, 'I do not mention @everyone. Pick a role, or leave `role` out.');

    const channelId = channelOption?.id ?? interaction.channelId;
    const channelType = channelOption?.type ?? interaction.channel?.type;
    if (!channelId) return tell(interaction, 'Pick a channel with the `channel` option.');
    if (channelType !== undefined && !(SUBSCRIBABLE_CHANNEL_TYPES as readonly number[]).includes(channelType)) {
      return tell(
        interaction,
        'I can post to text and announcement channels, threads and forums only. Pick one with the `channel` option.',
      );
    }

    const sub: NewSubscription = {
      kind: 'channel',
      guildId: interaction.guildId,
      channelId,
      filter,
      roleId: role?.id ?? null,
      createdBy: interaction.user.id,
    };
    const same = await updates.store.findSameSubscription(sub);
    if (same?.enabled) {
      return tell(
        interaction,
        `<#${channelId}> is already subscribed to ${filterText(filter)} (subscription #${same.id}). /subscriptions lists this server's.`,
      );
    }

    // A subscription the bot cannot post in would only fail at its first post: refuse it now.
    const notes: string[] = [];
    const permissions = await botPermissionsIn(interaction, channelId);
    if (permissions) {
      const missing = missingPermissions(permissions, channelType ?? 0);
      if (missing.length) {
        return tell(
          interaction,
          `I cannot post in <#${channelId}>: I am missing ${missing.join(', ')} there. Give me ${missing.length === 1 ? 'it' : 'them'} (channel settings → Permissions), then run /subscribe again.`,
        );
      }
    } else {
      notes.push(
        `⚠️ I could not check my permissions in <#${channelId}>; if I cannot post there, the first post fails and the subscription is disabled (/subscriptions will say why).`,
      );
    }

    if (same) {
      await updates.store.enableSubscription(same.id);
      return reply(interaction, {
        content: `Subscription #${same.id} (<#${channelId}>, ${filterText(filter)}) was disabled (${escapeSource(truncate(same.disabledReason ?? '', 300))}); it is enabled again.`,
      });
    }
    const cap = await capProblem(updates, interaction.user.id, interaction.guildId);
    if (cap) return tell(interaction, cap);
    const created = await updates.store.addSubscription(sub);

    if (channelType !== undefined && FORUM_TYPES.has(channelType))
      notes.push('Each update becomes a new post in the forum.');
    if (role && !role.mentionable)
      notes.push(
        `The role is not mentionable: it will only be pinged if I have the **Mention @everyone, @here and All Roles** permission.`,
      );

    await reply(interaction, {
      content: [
        `Subscribed <#${channelId}> to ${filterText(filter)}${role ? `, mentioning <@&${role.id}>` : ''} (subscription #${created.id}). ` +
          'Each new document is posted once here, however many subscriptions match it; several at once come as one digest. /unsubscribe stops it.',
        ...notes,
      ].join('\n'),
    });
  },
});

export default subscribe;
