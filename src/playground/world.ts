/**
 * The playground's Discord server: who you are, its roles and channels. One visitor whose
 * permissions the page switches between a plain member and a server manager (Manage Server).
 */
import { DiscordStandIn } from './local-discord.js';
import { PERMISSIONS, type TestUser } from './interactions.js';
import { snowflake } from './snowflake.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const VISITOR: TestUser = { id: '333333333333333333', username: 'visitor', global_name: 'You' };

export type Persona = 'member' | 'manager';
export const PERSONAS: readonly Persona[] = ['member', 'manager'];

export interface PlaygroundWorld {
  discord: DiscordStandIn;
  guildId: string;
  generalId: string;
  updatesId: string;
  threadId: string;
  moderatorRoleId: string;
  newsRoleId: string;
}

function role(
  id: string,
  name: string,
  permissions: string,
  color: number,
  mentionable: boolean,
  position: number,
): Json {
  return { id, name, color, hoist: false, position, permissions, managed: false, mentionable, flags: 0 };
}

/** Starts the local Discord with the playground's server: #general, a thread in it, #updates. */
export async function createWorld(port: number): Promise<PlaygroundWorld> {
  const moderatorRoleId = snowflake();
  const newsRoleId = snowflake();
  const discord = await DiscordStandIn.start({
    port,
    guildName: 'Pact Watchers',
    roles: [
      role(moderatorRoleId, 'Moderator', PERMISSIONS.manager, 0x3ba55c, false, 2),
      role(newsRoleId, 'Pact news', '0', 0xfaa61a, true, 1),
    ],
  });
  const updatesId = discord.addChannel({ type: 0, name: 'updates' });
  const threadId = discord.addChannel({ type: 11, name: 'sovereignty-questions', parentId: discord.channelId });
  return {
    discord,
    guildId: discord.guilds[0],
    generalId: discord.channelId,
    updatesId,
    threadId,
    moderatorRoleId,
    newsRoleId,
  };
}

/** The channels the page lists, as Discord describes them (the first is #general). */
export function guildChannels(world: PlaygroundWorld): Json[] {
  const general = {
    id: world.generalId,
    type: 0,
    guild_id: world.guildId,
    name: 'general',
    position: 0,
    parent_id: null,
  };
  return [general, ...world.discord.extraChannels.values()];
}

/** A persona's permissions and roles, as the member object of an interaction carries them. */
export function memberOf(world: PlaygroundWorld, persona: Persona): { permissions: string; roles: string[] } {
  return persona === 'manager'
    ? { permissions: PERMISSIONS.manager, roles: [world.moderatorRoleId] }
    : { permissions: PERMISSIONS.member, roles: [] };
}

/** A channel as an interaction carries it (`channel`), or a resolved channel option. */
export function interactionChannel(channel: Json, permissions: string): Json {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guild_id,
    name: channel.name,
    position: channel.position ?? 0,
    nsfw: false,
    parent_id: channel.parent_id ?? null,
    permissions,
    flags: 0,
    last_message_id: null,
    topic: null,
    rate_limit_per_user: 0,
    ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
  };
}
