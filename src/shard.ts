import type { Config } from './config.js';
import type { ShardScope } from './store/state-store.js';

/**
 * The shard this process runs, as discord.js's ShardingManager tells it (`SHARDS`, `SHARD_COUNT`
 * in the environment; one shard per process), or undefined when not sharded.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): ShardScope | undefined {
  const count = Number(env.SHARD_COUNT);
  if (!env.SHARDS || !Number.isInteger(count) || count <= 1) return undefined;
  const ids = JSON.parse(env.SHARDS) as unknown;
  const id = Array.isArray(ids) ? Number(ids[0]) : Number(ids);
  return Number.isInteger(id) && id >= 0 && id < count ? { id, count } : undefined;
}

/** Discord's rule: which shard receives a guild's events. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Discord's recommended shard count, asked of DISCORD_API_URL when set (the stand-in), else of Discord. */
export async function recommendedShardCount(config: Pick<Config, 'discordToken' | 'apiUrl'>): Promise<number> {
  const base = config.apiUrl ?? 'https://discord.com/api';
  const response = await fetch(`${base}/v10/gateway/bot`, { headers: { Authorization: `Bot ${config.discordToken}` } });
  if (response.status === 401) throw new Error('DISCORD_TOKEN was rejected by Discord');
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const { shards } = (await response.json()) as { shards?: unknown };
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1)
    throw new Error('GET /gateway/bot gave no shard count');
  return shards;
}
