/**
 * Registers the slash commands with one bulk-overwrite PUT: to DISCORD_GUILD_ID when set
 * (instant, for testing), else globally. Running it again with the same definitions changes
 * nothing, so it is safe to run on every deploy.
 *
 *   npm run deploy-commands
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { commandsFor } from '../../commands/index.js';
import { loadConfigOrExit, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { restOptions } from './client.js';
import type { Command } from './types.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  route: string;
  registered: string[];
}

export async function deployCommands(
  config: Pick<Config, 'discordToken' | 'clientId' | 'guildId' | 'apiUrl'> & Partial<Pick<Config, 'updatePosts'>>,
  // UPDATE_POSTS=off: the update commands are not registered at all.
  commands: readonly Pick<Command, 'data'>[] = commandsFor(config.updatePosts !== false),
  rest: REST = new REST(restOptions(config.apiUrl)).setToken(config.discordToken),
): Promise<DeployResult> {
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  const body = commands.map((c) => c.data);
  const result = (await rest.put(route, { body })) as { name: string }[];
  return { scope: config.guildId ? 'guild' : 'global', route, registered: result.map((c) => c.name) };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken], name: 'deploy-commands' });
  try {
    const result = await deployCommands(config);
    logger.info(
      result,
      `registered ${result.registered.length} commands ${result.scope === 'guild' ? `in guild ${config.guildId}` : 'globally (may take up to an hour to appear)'}`,
    );
  } catch (err) {
    const status = (err as { status?: number }).status;
    const hint =
      status === 401
        ? 'DISCORD_TOKEN was rejected: reset the token in the Developer Portal and update .env'
        : status === 403 || status === 404
          ? 'check DISCORD_CLIENT_ID, and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope'
          : 'see the error above';
    logger.error({ err }, `could not register the commands: ${hint}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
