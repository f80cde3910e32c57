/**
 * `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one process per shard
 * (Discord requires sharding from 2,500 servers). Each shard answers its own guilds' interactions
 * and delivers update posts only for them (`(guild_id >> 22) % shard_count`); DM posts go out
 * from whichever shard claims them first. The shards share the state store (DATA_DIR's SQLite
 * file, or DATABASE_URL) and the corpus index cache in DATA_DIR.
 * TOTAL_SHARDS sets the count; unset or `auto` asks Discord (GET /gateway/bot) for its recommendation.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { exitWithError, loadConfigOrExit } from './config.js';
import { createLogger, scrub } from './log.js';
import { recommendedShardCount } from './shard.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  const totalShards = typeof config.shardCount === 'number' ? config.shardCount : await recommendedShardCount(config);
  // The shard script sits next to this one: main.js when built, main.ts under tsx (whose loader the shards inherit).
  const here = fileURLToPath(import.meta.url);
  const script = path.join(path.dirname(here), `main${path.extname(here)}`);
  const manager = new ShardingManager(script, {
    token: config.discordToken,
    totalShards,
    mode: 'process',
    execArgv: process.execArgv,
    respawn: true,
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, totalShards }, 'shard started');
    shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process ended; it is restarted'));
  });
  const stop = () => {
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await manager.spawn({ amount: totalShards, timeout: 60_000 });
  logger.info({ totalShards }, 'all shards ready');
}

void main().catch((err: unknown) =>
  exitWithError(`sharded start-up failed: ${scrub((err as Error)?.message ?? String(err), [])}`),
);
