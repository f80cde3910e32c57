/**
 * Sharding: each shard delivers update posts only for its own guilds (Discord's rule,
 * `(guild_id >> 22) % shard_count`) and any shard may take a DM; `npm run start:sharded` starts one
 * process per shard under discord.js's ShardingManager, against the Discord stand-in.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Analyzer } from '../src/search/analyze.js';
import { recommendedShardCount, shardFromEnv } from '../src/shard.js';
import { Store } from '../src/store/index.js';
import { deliverPending, queueUpdates, type DeliveryTarget, type UpdateSender } from '../src/updates/index.js';
import { DiscordStandIn } from './discord-standin/server.js';
import { commandInteraction } from '../src/playground/interactions.js';
import { botEnv, botFolder, PROCESS_TEST_TIMEOUT_MS, startProcess, stopProcess } from './helpers/bot-process.js';

/** A guild id Discord routes to `shard` of `count`. */
function guildOnShard(shard: number, count: number): string {
  return ((1_234_567n * BigInt(count) + BigInt(shard)) << 22n).toString();
}

function recordingSender(): UpdateSender & { targets: DeliveryTarget[] } {
  const targets: DeliveryTarget[] = [];
  return {
    targets,
    async send(target) {
      targets.push(target);
      return { messageId: `m${targets.length}` };
    },
    async notifyDisabled() {},
  };
}

let standin: DiscordStandIn | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

describe('shards', () => {
  it('reads its shard from the ShardingManager environment, and is unsharded otherwise', () => {
    expect(shardFromEnv({ SHARDS: '[1]', SHARD_COUNT: '3' })).toEqual({ id: 1, count: 3 });
    expect(shardFromEnv({ SHARDS: '0', SHARD_COUNT: '2' })).toEqual({ id: 0, count: 2 });
    expect(shardFromEnv({})).toBeUndefined();
    expect(shardFromEnv({ SHARDS: '[0]', SHARD_COUNT: '1' })).toBeUndefined();
  });

  it("each shard posts only its own guilds' updates; a DM goes out once, from whichever shard runs first", async () => {
    const store = Store.open(':memory:');
    const count = 2;
    store.addSubscription({
      kind: 'channel',
      guildId: guildOnShard(0, count),
      channelId: 'on-shard-0',
      createdBy: 'u',
    });
    store.addSubscription({
      kind: 'channel',
      guildId: guildOnShard(1, count),
      channelId: 'on-shard-1',
      createdBy: 'u',
    });
    store.addSubscription({ kind: 'dm', guildId: guildOnShard(0, count), userId: 'reader', createdBy: 'reader' });
    await queueUpdates(
      store,
      [
        {
          id: 'a',
          file: 'a.md',
          meta: { title: 'A', date: '2025-09-20', language: 'en', partial: false, url: 'https://x/a', publisher: 'X' },
          header: [],
          paragraphs: ['Text.'],
        },
      ],
      new Analyzer(),
      { now: 1 },
    );
    const shard1 = recordingSender();
    await deliverPending({ store, sender: shard1, now: 2, shard: { id: 1, count } });
    expect(shard1.targets).toEqual([
      { kind: 'channel', channelId: 'on-shard-1' },
      { kind: 'dm', userId: 'reader' },
    ]);
    const shard0 = recordingSender();
    await deliverPending({ store, sender: shard0, now: 3, shard: { id: 0, count } });
    expect(shard0.targets).toEqual([{ kind: 'channel', channelId: 'on-shard-0' }]);
    store.close();
  });

  it('asks DISCORD_API_URL for the recommended shard count, and says when the token is refused', async () => {
    standin = await DiscordStandIn.start();
    expect(await recommendedShardCount({ discordToken: standin.token, apiUrl: standin.apiUrl })).toBe(1);
    await expect(recommendedShardCount({ discordToken: 'x.y.z', apiUrl: standin.apiUrl })).rejects.toThrow(/rejected/);
  });

  it(
    'npm run start:sharded starts one process per shard; each shard answers its own guild, once, and never the other',
    async () => {
      const guilds = [guildOnShard(0, 2), guildOnShard(1, 2)];
      standin = await DiscordStandIn.start({ guilds });
      const dir = botFolder('sharded');
      const bot = startProcess('src/sharded.ts', dir, botEnv(standin, dir, { TOTAL_SHARDS: '2' }));
      const out = () => bot.output();
      try {
        await expect.poll(out, { timeout: 60_000 }).toContain('"msg":"all shards ready"');
        expect(standin.identifies.map((i) => i.shard).sort()).toEqual([
          [0, 2],
          [1, 2],
        ]);
        expect(out()).toContain('"shard":{"id":0,"count":2},"msg":"running as one shard"');
        expect(out()).toContain('"shard":{"id":1,"count":2},"msg":"running as one shard"');

        // An /about in each guild: the stand-in hands it only to the guild's shard, and the process
        // running that shard (told apart by the pid on its log lines) is the one that answers it.
        const lines = () =>
          out()
            .split('\n')
            .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : []));
        const shardOfPid = (pid: number) =>
          lines().find((l) => l.msg === 'running as one shard' && l.pid === pid)?.shard.id;
        const handledBy = (id: string) =>
          lines()
            .filter((l) => l.msg === 'interaction handled' && l.interactionId === id)
            .map((l) => shardOfPid(l.pid));
        // Each shard was given only its own guild (READY and GUILD_CREATE), not both.
        await expect
          .poll(
            () =>
              lines()
                .filter((l) => l.msg === 'bot ready')
                .map((l) => [shardOfPid(l.pid), l.guilds])
                .sort(),
            { timeout: 10_000 },
          )
          .toEqual([
            [0, 1],
            [1, 1],
          ]);
        for (const [owner, guildId] of guilds.entries()) {
          const sent = standin.sendInteraction(commandInteraction(standin, { name: 'about', guildId }));
          expect(standin.interactions.get(sent.token)?.shards).toEqual([owner]);
          const answered = await standin.waitFor(
            (r) => r.route === '/interactions/:id/:token/callback' && r.params.token === sent.token,
            { timeout: 20_000 },
          );
          expect(answered.body.type).toBe(4);
          await expect.poll(() => handledBy(sent.id), { timeout: 10_000 }).toEqual([owner]);
        }
        // Each interaction was answered exactly once, across both processes, by its own shard only.
        expect([...standin.interactions.values()].map((i) => handledBy(i.payload.id))).toEqual([[0], [1]]);
        const callbacks = standin.requests.filter((r) => r.route === '/interactions/:id/:token/callback');
        expect(callbacks.map((r) => r.params.token).sort()).toEqual([...standin.interactions.keys()].sort());
      } finally {
        await stopProcess(bot);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
