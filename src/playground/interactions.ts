/**
 * Complete INTERACTION_CREATE payloads, as Discord sends them, for the local Discord to dispatch
 * (the playground page's commands and the tests'):
 * slash commands, autocomplete and button presses, in a guild (member) or a DM (user).
 */
import { randomBytes } from 'node:crypto';
import type { DiscordStandIn } from './local-discord.js';
import { snowflake } from './snowflake.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface TestUser {
  id: string;
  username: string;
  global_name?: string | null;
}

export const ALICE: TestUser = { id: '111111111111111111', username: 'alice', global_name: 'Alice' };
export const BOB: TestUser = { id: '222222222222222222', username: 'bob', global_name: 'Bob' };

/** A command option: `{ name, value }` for strings/integers/booleans, `type` guessed when left out. */
export interface OptionInput {
  name: string;
  value: string | number | boolean;
  type?: number;
  focused?: boolean;
}

export interface InteractionBase {
  user?: TestUser;
  /** In a DM when null; the stand-in's first guild by default. */
  guildId?: string | null;
  channelId?: string;
  locale?: string;
  /** The member's permissions (bitfield string); default: the @everyone set, without Manage Server. */
  permissions?: string;
  /** The bot's permissions in the channel (bitfield string). */
  appPermissions?: string;
  /** The channel's type (default 0, text; 1 in a DM). */
  channelType?: number;
  /** The whole channel object as Discord sends it in the interaction (overrides `channelType`). */
  channel?: Json;
  /** The member's role ids. */
  roles?: string[];
}

/** Permission bitfields for `permissions` (members) and `appPermissions`. */
export const PERMISSIONS = {
  /** The stand-in's default: everything a plain member has, without Manage Server. */
  member: '2248473465835073',
  /** The default set plus Manage Server (1 << 5). */
  manager: (2248473465835073n | 32n).toString(),
} as const;

function userJson(user: TestUser): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name ?? null,
    discriminator: '0',
    avatar: null,
    public_flags: 0,
  };
}

function base(discord: DiscordStandIn, type: number, input: InteractionBase): Json {
  const user = input.user ?? ALICE;
  const guildId = input.guildId === undefined ? discord.guilds[0] : input.guildId;
  const channelId = input.channelId ?? discord.channelId;
  const payload: Json = {
    id: snowflake(),
    application_id: discord.applicationId,
    type,
    token: `itoken-${randomBytes(24).toString('base64url')}`,
    version: 1,
    locale: input.locale ?? 'en-US',
    app_permissions: input.appPermissions ?? PERMISSIONS.member,
    entitlements: [],
    attachment_size_limit: 10_485_760,
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
  };
  if (guildId) {
    payload.guild_id = guildId;
    payload.guild_locale = 'en-US';
    payload.guild = { id: guildId, locale: 'en-US', features: [] };
    payload.channel_id = channelId;
    payload.channel = input.channel ?? {
      id: channelId,
      type: input.channelType ?? 0,
      guild_id: guildId,
      name: 'general',
      position: 0,
      nsfw: false,
      parent_id: null,
      permissions: PERMISSIONS.member,
      flags: 0,
      last_message_id: null,
      topic: null,
      rate_limit_per_user: 0,
    };
    payload.member = {
      user: userJson(user),
      roles: input.roles ?? [],
      permissions: input.permissions ?? PERMISSIONS.member,
      joined_at: '2025-01-01T00:00:00.000000+00:00',
      premium_since: null,
      nick: null,
      avatar: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
    };
  } else {
    payload.channel_id = channelId;
    payload.channel = input.channel ?? {
      id: channelId,
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: [userJson(user)],
    };
    payload.user = userJson(user);
  }
  return payload;
}

function optionJson(o: OptionInput): Json {
  const type =
    o.type ??
    (typeof o.value === 'boolean' ? 5 : typeof o.value === 'number' ? (Number.isInteger(o.value) ? 4 : 10) : 3);
  return { name: o.name, type, value: o.value, ...(o.focused ? { focused: true } : {}) };
}

/** A slash command (type 2, CHAT_INPUT). */
export function commandInteraction(
  discord: DiscordStandIn,
  input: InteractionBase & { name: string; options?: OptionInput[]; resolved?: Json },
): Json {
  const payload = base(discord, 2, input);
  const registered = [...discord.commands.values()].flat().find((c) => c.name === input.name);
  payload.data = {
    id: registered?.id ?? snowflake(),
    name: input.name,
    type: 1,
    options: (input.options ?? []).map(optionJson),
    ...(input.resolved ? { resolved: input.resolved } : {}),
    ...(payload.guild_id ? { guild_id: payload.guild_id } : {}),
  };
  return payload;
}

/** Autocomplete for a slash command (type 4): the option being typed carries `focused: true`. */
export function autocompleteInteraction(
  discord: DiscordStandIn,
  input: InteractionBase & { name: string; options: OptionInput[] },
): Json {
  const payload = commandInteraction(discord, input);
  payload.type = 4;
  return payload;
}

/** A button press (type 3) on `message` (a message object as the stand-in stored it). */
export function buttonInteraction(
  discord: DiscordStandIn,
  input: InteractionBase & { customId: string; message: Json },
): Json {
  const payload = base(discord, 3, input);
  payload.data = { custom_id: input.customId, component_type: 2 };
  payload.message = { ...input.message };
  return payload;
}

/** The custom_ids of the buttons on a message (or message body), in order. */
export function customIds(message: Json): string[] {
  return (message?.components ?? [])
    .flatMap((row: Json) => row.components.map((c: Json) => c.custom_id))
    .filter(Boolean);
}
