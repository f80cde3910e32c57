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
