/**
 * The only ways the bot sends anything in answer to an interaction. Each one clamps the message
 * to Discord's limits and turns every mention off (`allowedMentions: { parse: [] }`): source text
 * and questions may contain `@everyone` or `<@id>`.
 */
import {
  MessageFlags,
  type ButtonInteraction,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { MessageData } from './limits.js';
import { clampMessage } from './render.js';

const NO_MENTIONS = { parse: [] as [] };

/** The wire shape of a message: clamped, mentions off, content/embeds/components as given. */
function toPayload(message: MessageData): {
  content?: string;
  embeds?: MessageData['embeds'];
  components?: MessageData['components'];
  allowedMentions: typeof NO_MENTIONS;
} {
  const clamped = clampMessage(message);
  const payload: ReturnType<typeof toPayload> = { allowedMentions: NO_MENTIONS };
  if (clamped.content !== undefined) payload.content = clamped.content;
  if (clamped.embeds !== undefined) payload.embeds = clamped.embeds;
  if (clamped.components !== undefined) payload.components = clamped.components;
  return payload;
}

/** A new message (reply or followup), seen only by the user when `ephemeral`. */
function newMessage(message: MessageData, ephemeral: boolean): InteractionReplyOptions {
  return { ...toPayload(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

/** An edit: Discord keeps whatever an edit leaves out, so what `message` lacks is cleared. */
function replacement(message: MessageData) {
  return { content: '', embeds: [], components: [], ...toPayload(message) };
}

/** A first reply. */
export async function reply(interaction: RepliableInteraction, message: MessageData, ephemeral = false): Promise<void> {
  await interaction.reply(newMessage(message, ephemeral));
}

/** Replaces the (deferred) reply. */
export async function editReply(interaction: RepliableInteraction, message: MessageData): Promise<void> {
  await interaction.editReply(replacement(message));
}

/** Another message after the first reply. */
export async function followUp(
  interaction: RepliableInteraction,
  message: MessageData,
  ephemeral = false,
): Promise<void> {
  await interaction.followUp(newMessage(message, ephemeral));
}

/** Edits the message a button sits on (the button's interaction response). */
export async function update(interaction: ButtonInteraction, message: MessageData): Promise<void> {
  await interaction.update(replacement(message) as InteractionUpdateOptions);
}

/** A short ephemeral note, whatever state the interaction is in. */
export async function tell(interaction: RepliableInteraction, text: string): Promise<void> {
  const message = { content: text };
  if (interaction.deferred && !interaction.replied) {
    // A deferred public reply cannot turn ephemeral: answer in a followup and close the deferral.
    await followUp(interaction, message, true);
    await interaction.deleteReply().catch(() => undefined);
  } else if (interaction.replied || interaction.deferred) await followUp(interaction, message, true);
  else await reply(interaction, message, true);
}
