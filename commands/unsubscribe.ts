/**
 * /unsubscribe id:<autocompleted> — stops a subscription: one of this server's channel
 * subscriptions (Manage Server) or one of your own DM subscriptions. Its queued posts are dropped,
 * except those another subscription at the same destination matched too (the store moves them).
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { reply, tell } from '../src/discord/respond.js';
import { describeSubscription, mayRemove, visibleSubscriptions } from '../src/discord/subscriptions.js';
import type { Command, UpdatesCommandContext } from '../src/discord/types.js';
import { withStoreErrors } from '../src/discord/updates.js';

export const unsubscribe: Command<UpdatesCommandContext> = withStoreErrors({
  data: {
    name: 'unsubscribe',
    description: "Stop a subscription: this server's (Manage Server) or your own DM one",
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'id',
        description: 'The subscription (see /subscriptions)',
        required: true,
        min_value: 1,
        autocomplete: true,
      },
    ],
  },

  async execute(interaction, { updates }) {
    const id = interaction.options.getInteger('id', true);
    const sub = await updates.store.getSubscription(id);
    if (!sub || !mayRemove(sub, interaction)) {
      const hint = interaction.inGuild() ? ' (channel subscriptions need the Manage Server permission)' : '';
      return tell(
        interaction,
        `There is no subscription #${id} that you can remove here${hint}. /subscriptions lists yours.`,
      );
    }
    const line = describeSubscription(sub, interaction);
    await updates.store.removeSubscription(sub.id);
    const message = { content: `Unsubscribed: ${line.split('\n')[0]}` };
    // Removing a server's channel subscription is the server's business; a DM one only yours.
    if (sub.kind === 'channel') await reply(interaction, message);
    else await reply(interaction, message, true);
  },

  async autocomplete(interaction, { updates }) {
    const typed = String(interaction.options.getFocused() ?? '')
      .trim()
      .toLowerCase()
      .replace(/^#/, '');
    const choices = (await visibleSubscriptions(updates.store, interaction))
      .map((sub) => ({ name: describeSubscription(sub, interaction, { plain: true }), value: sub.id }))
      .filter((c) => !typed || String(c.value).startsWith(typed) || c.name.toLowerCase().includes(typed))
      .slice(0, 25);
    await interaction.respond(choices);
  },
});

export default unsubscribe;
