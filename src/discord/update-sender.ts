/**
 * The Discord side of update posts: an `UpdateSender` over discord.js REST.
 *
 *  - channel (text, announcement, thread): `POST /channels/:id/messages` with the body of
 *    `renderUpdate(post, nonce)` — `nonce` + `enforce_nonce: true`, so a resend after a crash or
 *    a timeout returns the message already created instead of posting twice;
 *  - forum / media channel: `POST /channels/:id/threads` (a new post: thread name + first message);
 *  - DM: `POST /users/@me/channels` (Discord returns the same DM channel each time), then a message.
 *
 * Errors are discord.js's own (`DiscordAPIError` keeps `status` and Discord's `code`,
 * `HTTPError` keeps `status`), passed through untouched so `classifyDeliveryError` decides:
 * 429/5xx → retry; 10003 Unknown Channel, 50001 Missing Access, 50013 Missing Permissions,
 * 50007 cannot DM → disable the subscription and call `notifyDisabled`.
 */
import { ChannelType, Routes, type REST } from 'discord.js';
import type { Subscription } from '../store/store.js';
import type { DeliveryTarget, UpdateSender } from '../updates/deliver.js';
import type { UpdatePost } from '../updates/post.js';
import { renderUpdate, type MessageBody } from './update-post.js';
import { LIMITS } from './limits.js';
import { inlineCode, truncate } from './render.js';

/** What the sender needs of the discord.js client (a `Client` fits). */
export interface SenderClient {
  rest: Pick<REST, 'get' | 'post'>;
  /** Known channels (guild channels arrive with GUILD_CREATE), to avoid a GET per post. */
  channels?: { cache: { get(id: string): { type: number } | undefined } };
  /** Known guilds, for the system channel. */
  guilds?: { cache: { get(id: string): { systemChannelId: string | null } | undefined } };
}

export interface UpdateSenderOptions {
  /** Called when a disable notice could not be DMed and went to the server's system channel (or nowhere). */
  onNoticeFallback?: (info: { subscriptionId: number; dmError?: string; channelId?: string }) => void;
}

/** Channel types that take a forum post (a thread with a first message) instead of a message. */
export const FORUM_TYPES: ReadonlySet<number> = new Set<number>([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** Discord's limit on a thread (forum post) name. */
const THREAD_NAME_MAX = 100;

function threadName(post: UpdatePost): string {
  // Thread names show raw text (no markdown), so only whitespace is tidied.
  const name = post.kind === 'document' ? post.document.title : `${post.documents.length} new documents`;
  return truncate(name.replace(/\s+/g, ' ').trim() || 'New document', THREAD_NAME_MAX);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The plain-text notice a subscription's creator gets when it is disabled. */
function disabledNotice(sub: Subscription, reason: string, options: { public?: boolean } = {}): string {
  const where = sub.kind === 'channel' ? `update posts to <#${sub.channelId}>` : 'your update posts by direct message';
  // In a public channel the filter of someone's DM subscription is nobody else's business.
  const filter =
    sub.filter && !(options.public && sub.kind === 'dm') ? ` (filter: ${inlineCode(truncate(sub.filter, 200))})` : '';
  const who = options.public ? `<@${sub.createdBy}>: ` : '';
  const again = sub.kind === 'channel' ? `/subscribe channel:<#${sub.channelId}>` : '/subscribe dm:true';
  return truncate(
    `${who}Subscription #${sub.id}, ${where}${filter}, has been **disabled**: ${reason.replace(/[.\s]+$/, '')}. ` +
      `Nothing more will be posted for it until it is turned back on: fix the cause, then run ${again} with the same options ` +
      `(that re-enables #${sub.id}). /subscriptions shows its state.`,
    LIMITS.content,
  );
}

/** A sender that posts with `client.rest`. Channel types and DM channels are cached. */
export function createUpdateSender(client: SenderClient, options: UpdateSenderOptions = {}): UpdateSender {
  const channelTypes = new Map<string, number>();
  const dmChannels = new Map<string, string>();

  async function channelType(channelId: string): Promise<number> {
    const known = channelTypes.get(channelId) ?? client.channels?.cache.get(channelId)?.type;
    if (known !== undefined) return known;
    // Errors (10003 Unknown Channel, 50001 Missing Access) propagate: they disable the subscription.
    const channel = (await client.rest.get(Routes.channel(channelId))) as { type: number };
    channelTypes.set(channelId, channel.type);
    return channel.type;
  }

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id: string;
    };
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async function postMessage(channelId: string, body: object): Promise<{ messageId: string }> {
    const message = (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    return { messageId: message.id };
  }

  async function postToForum(channelId: string, post: UpdatePost, body: MessageBody): Promise<{ messageId: string }> {
    // Discord takes no nonce on a thread-creating request, so a crash right after it accepted a
    // forum post but before the post was recorded can repeat that one post (see the README).
    const { nonce: _nonce, enforce_nonce: _enforce, ...message } = body;
    const thread = (await client.rest.post(Routes.threads(channelId), {
      body: { name: threadName(post), message },
    })) as { id: string; message?: { id: string } };
    return { messageId: thread.message?.id ?? thread.id };
  }

  return {
    async send(target: DeliveryTarget, post: UpdatePost, nonce: string) {
      const body = renderUpdate(post, nonce);
      if (target.kind === 'dm') return postMessage(await dmChannel(target.userId), body);
      const type = await channelType(target.channelId);
      if (FORUM_TYPES.has(type)) return postToForum(target.channelId, post, body);
      return postMessage(target.channelId, body);
    },

    async notifyDisabled(sub: Subscription, reason: string) {
      // 1. A DM to whoever created the subscription.
      let dmError: string | undefined;
      try {
        await postMessage(await dmChannel(sub.createdBy), {
          content: disabledNotice(sub, reason),
          allowed_mentions: { parse: [] },
        });
        return;
      } catch (error) {
        dmError = errorText(error);
      }
      // 2. The server's system channel, pinging only the creator.
      let systemChannelId: string | null | undefined;
      if (sub.guildId) {
        systemChannelId = client.guilds?.cache.get(sub.guildId)?.systemChannelId;
        if (systemChannelId === undefined) {
          const guild = (await client.rest.get(Routes.guild(sub.guildId)).catch(() => undefined)) as
            { system_channel_id: string | null } | undefined;
          systemChannelId = guild?.system_channel_id ?? null;
        }
      }
      if (!systemChannelId) {
        options.onNoticeFallback?.({ subscriptionId: sub.id, dmError });
        throw new Error(
          `could not tell <@${sub.createdBy}>: DM failed (${dmError}) and the server has no system channel`,
        );
      }
      await postMessage(systemChannelId, {
        content: disabledNotice(sub, reason, { public: true }),
        allowed_mentions: { parse: [], users: [sub.createdBy] },
      });
      options.onNoticeFallback?.({ subscriptionId: sub.id, dmError, channelId: systemChannelId });
    },
  };
}
