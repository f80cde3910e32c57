/**
 * A message as the page draws it: Discord's message JSON with its Markdown parsed (content, embed
 * descriptions, field names and values) by `discord-markdown-parser`, the parser Discord-style
 * transcript tools use, so the page only maps syntax-tree nodes to Discord's web components.
 */
import { parse as parseMarkdown } from 'discord-markdown-parser';
import type { DiscordStandIn } from './local-discord.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const EPHEMERAL = 64;

/** Discord's Markdown as a syntax tree ('extended': bots and embeds may use [masked](links)). */
export function markdown(text: string | undefined | null): Json[] {
  return text ? (parseMarkdown(text, 'extended') as Json[]) : [];
}

function embedView(embed: Json): Json {
  return {
    color: typeof embed.color === 'number' ? `#${embed.color.toString(16).padStart(6, '0')}` : undefined,
    title: embed.title ? markdown(embed.title) : undefined,
    url: embed.url,
    author: embed.author ? { name: embed.author.name, url: embed.author.url } : undefined,
    description: markdown(embed.description),
    fields: (embed.fields ?? []).map((f: Json) => ({
      name: markdown(f.name),
      value: markdown(f.value),
      inline: Boolean(f.inline),
    })),
    footer: embed.footer?.text,
    timestamp: embed.timestamp,
  };
}

export function messageView(discord: DiscordStandIn, message: Json): Json {
  return {
    id: message.id,
    channelId: message.channel_id,
    author: {
      id: message.author?.id,
      name: message.author?.global_name ?? message.author?.username,
      bot: Boolean(message.author?.bot),
    },
    timestamp: message.timestamp,
    edited: Boolean(message.edited_timestamp) && !discord.loading.has(message.id),
    content: markdown(message.content),
    embeds: (message.embeds ?? []).map(embedView),
    components: message.components ?? [],
    ephemeral: Boolean((message.flags ?? 0) & EPHEMERAL),
    loading: discord.loading.has(message.id),
    interaction: message.interaction
      ? {
          name: message.interaction.name,
          user: message.interaction.user?.global_name ?? message.interaction.user?.username,
        }
      : undefined,
  };
}
