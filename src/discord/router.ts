/**
 * The one place interactions are dispatched: slash commands and autocomplete by command name,
 * buttons by the `<command>:` prefix of their custom_id. Any error a handler throws is logged
 * with the interaction id and a short reference, and the user gets an ephemeral
 * "Something went wrong (ref XXXXXX)"; the bot keeps running. With `rateLimit`, each user's
 * commands and button presses draw on their own token bucket: an empty bucket gets an ephemeral
 * "Slow down", and autocomplete an empty list, before any handler runs.
 */
import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import type { Command, CommandContext } from './types.js';
import { tell } from './respond.js';
import { UserRateLimiter, slowDownMessage, type RateLimitSettings } from './rate-limit.js';

/** A short reference a user can quote and an operator can grep the logs for. */
function errorReference(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

export interface RouterOptions {
  /** Per-user command limit; none when left out. */
  rateLimit?: RateLimitSettings;
}

export function createRouter<C extends CommandContext>(
  commands: readonly Command<C>[],
  ctx: C,
  options: RouterOptions = {},
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const limiter = options.rateLimit ? new UserRateLimiter(options.rateLimit) : undefined;

  return async function route(interaction: Interaction): Promise<void> {
    const started = Date.now();
    let command: string | undefined;
    try {
      if (limiter && interaction.isAutocomplete() && limiter.isEmpty(interaction.user.id))
        return await interaction.respond([]);
      if (limiter && (interaction.isChatInputCommand() || interaction.isButton())) {
        const taken = limiter.take(interaction.user.id);
        if (!taken.ok) {
          ctx.logger.info(
            { interactionId: interaction.id, userId: interaction.user.id, retryAfterMs: taken.retryAfterMs },
            'interaction rate limited',
          );
          return await tell(interaction, slowDownMessage(taken.retryAfterMs));
        }
      }
      if (interaction.isChatInputCommand()) {
        command = interaction.commandName;
        const handler = byName.get(command);
        if (!handler) return await tell(interaction, 'I don’t know that command (any more). Try /about.');
        await handler.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        command = interaction.commandName;
        const handler = byName.get(command);
        if (handler?.autocomplete) await handler.autocomplete(interaction, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        [command = ''] = interaction.customId.split(':', 1);
        const handler = byName.get(command);
        if (handler?.button) await handler.button(interaction, ctx);
        else await tell(interaction, 'This button no longer works. Run the command again.');
      } else {
        return;
      }
      ctx.logger.info(
        { interactionId: interaction.id, command, type: interaction.type, ms: Date.now() - started },
        'interaction handled',
      );
    } catch (err) {
      await reportFailure(interaction, err, ctx, command);
    }
  };
}

async function reportFailure(
  interaction: Interaction,
  err: unknown,
  ctx: CommandContext,
  command?: string,
): Promise<void> {
  const ref = errorReference();
  ctx.logger.error(
    {
      err,
      ref,
      interactionId: interaction.id,
      command,
      customId: interaction.isButton() ? interaction.customId : undefined,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    },
    'interaction failed',
  );
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await tell(
        interaction,
        `Something went wrong (ref ${ref}). Please try again; if it keeps happening, tell the bot's operators the reference.`,
      );
    }
  } catch (secondErr) {
    ctx.logger.warn(
      { err: secondErr, ref, interactionId: interaction.id },
      'could not tell the user about the failure',
    );
  }
}
