/**
 * Every slash command the bot has. `deploy-commands` registers `commands.map(c => c.data)` and
 * the router dispatches to them; nothing else needs to change to add a command.
 *
 * Adding a command (e.g. /quote):
 *  1. Create `commands/quote.ts` exporting a `Command` (see `src/discord/types.ts`):
 *       - `data`: the definition as plain JSON (`RESTPostAPIChatInputApplicationCommandsJSONBody`);
 *         `name` must be unique — it is also the custom_id prefix of the command's buttons.
 *       - `execute(interaction, ctx)`: answers within 3 s, or calls `interaction.deferReply()` first.
 *       - optional `autocomplete(interaction, ctx)` (respond with ≤ 25 choices — see
 *         `documentChoices` in `src/discord/documents.ts`) and `button(interaction, ctx)` for
 *         buttons whose custom_id starts with `quote:` (keep the state in the custom_id, ≤ 100
 *         characters, so buttons still work after a restart; `src/discord/paged-list.ts` builds
 *         and reads paging buttons, owner check included).
 *     `ctx` holds the `index` (the corpus) and the `logger`; the update-post commands
 *     (`updateCommands`) also get `updates`, and exist only when update posts are on.
 *  2. Send everything through `src/discord/respond.ts` (`reply`, `editReply`, `followUp`,
 *     `update`, `tell`): they clamp to Discord's limits and turn mentions off. Render corpus
 *     text with `src/discord/render.ts` (`renderPassage`, `renderCitation`, `escapeSource`, `truncate`).
 *  3. Import it here and add it to `commands`; run `npm run deploy-commands`.
 *  Errors thrown by a handler are caught by the router (`src/discord/router.ts`), logged with the
 *  interaction id, and reported to the user as "Something went wrong (ref …)".
 */
import type { Command, UpdatesCommandContext } from '../src/discord/types.js';
import { about } from './about.js';
import { ask } from './ask.js';
import { quote } from './quote.js';
import { source } from './source.js';
import { sources } from './sources.js';
import { speakers } from './speakers.js';
import { corpus } from './corpus.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { unsubscribe } from './unsubscribe.js';

/** The commands every bot has. */
export const baseCommands: readonly Command[] = [ask, source, sources, about, quote, speakers];

/** The update-post commands: registered (and routed) only when update posts are on. */
export const updateCommands: readonly Command<UpdatesCommandContext>[] = [
  subscribe,
  unsubscribe,
  subscriptions,
  corpus,
];

/** What `deploy-commands` registers and the router dispatches, with update posts on or off (UPDATE_POSTS). */
export function commandsFor(updatePosts: boolean): readonly Command<UpdatesCommandContext>[] {
  return updatePosts ? [...baseCommands, ...updateCommands] : baseCommands;
}

/** Every command (update posts on, the default). */
export const commands = commandsFor(true);

export default commands;
