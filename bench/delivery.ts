/**
 * `npm run bench:delivery`: update posts per second through the Discord stand-in (real discord.js
 * REST, real HTTP on 127.0.0.1), for each store: SQLite (DATA_DIR file) and PostgreSQL
 * (TEST_DATABASE_URL, when a server answers). One document, one post per subscription; one worker,
 * then two workers sharing the outbox (two processes' worth of connections, claiming with leases).
 * It reports; it asserts nothing. Usage: npm run bench:delivery [-- <subscriptions>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REST } from 'discord.js';
import { createUpdateSender } from '../src/discord/update-sender.js';
import { Analyzer } from '../src/search/analyze.js';
import { PgStore, Store, type StateStore } from '../src/store/index.js';
import { deliverPending, queueUpdates, type UpdateSender } from '../src/updates/index.js';
import { postgresAvailable, scratchDatabase } from '../tests/helpers/postgres.js';
import { DiscordStandIn } from '../tests/discord-standin/server.js';
import { snowflake } from '../tests/discord-standin/snowflake.js';

const subscriptions = Number(process.argv[2] ?? 200);
const analyzer = new Analyzer();
const standin = await DiscordStandIn.start();
const rest = new REST({ version: '10', api: standin.apiUrl }).setToken(standin.token);
const sender = createUpdateSender({ rest });

interface Opened {
  name: string;
  open(): Promise<StateStore>;
  cleanup(): Promise<void>;
}

async function run(opened: Opened, workers: number, via: UpdateSender): Promise<{ posts: number; ms: number }> {
  const stores = await Promise.all(Array.from({ length: workers }, () => opened.open()));
  const [first] = stores;
  const guildId = standin.guilds[0];
  if (!first || !guildId) throw new Error('no store or no guild to deliver to');
  for (let i = 0; i < subscriptions; i++) {
    await first.addSubscription({ kind: 'channel', guildId, channelId: snowflake(), createdBy: 'bench' });
  }
  const doc = {
    id: `bench-${snowflake()}`,
    file: 'bench.md',
    meta: {
      title: 'Bench document',
      date: '2025-09-20',
      language: 'en' as const,
      partial: false,
      url: 'https://news.example/bench',
      publisher: 'Example',
    },
    header: [],
    paragraphs: ['A paragraph about the security pact.'],
  };
  await first.recordBaseline([], 0);
  await queueUpdates(first, [doc], analyzer);
  const before = standin.requests.length;
  const start = performance.now();
  // Each worker runs until the outbox is empty, as each process's delivery loop would.
  await Promise.all(
    stores.map(async (store, i) => {
      for (;;) {
        const report = await deliverPending({ store, sender: via, worker: `bench-${i}`, maxPostsPerChannelPerHour: 0 });
        if (report.sent.length === 0) break;
      }
    }),
  );
  const ms = performance.now() - start;
  const posts =
    via === sender
      ? standin.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path))
          .length
      : (await first.listDeliveries({ state: 'sent' })).length;
  const pending = (await first.listDeliveries({ state: 'pending' })).length;
  if (pending > 0) console.error(`${opened.name}: ${pending} deliveries still pending`);
  for (const store of stores) await store.close();
  return { posts, ms };
}

const sqlite = (): Opened => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-bench-delivery-'));
  return {
    name: 'SQLite',
    open: async () => Store.open(path.join(dir, 'pactbot.sqlite')),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
};
const postgres = async (): Promise<Opened> => {
  const db = await scratchDatabase();
  return { name: 'PostgreSQL', open: () => PgStore.open(db.url), cleanup: () => db.drop() };
};

/** Answers at once: what the store and the delivery loop cost without Discord. */
let counter = 0;
const instant: UpdateSender = { send: async () => ({ messageId: String(++counter) }), notifyDisabled: async () => {} };

const pgUp = await postgresAvailable().catch(() => false);
for (const [title, via] of [
  ["through the Discord stand-in (discord.js REST, which keeps to Discord's 50 requests/s per bot)", sender],
  ['store and delivery loop only (a sender that answers at once)', instant],
] as const) {
  console.log(`\nUpdate posts ${title}: ${subscriptions} subscriptions, one new document, one post each\n`);
  console.log('| store | workers | posts | seconds | posts/s |');
  console.log('|---|---|---|---|---|');
  for (const workers of [1, 2]) {
    for (const make of [async () => sqlite(), ...(pgUp ? [postgres] : [])]) {
      const opened = await make();
      const { posts, ms } = await run(opened, workers, via);
      await opened.cleanup();
      console.log(
        `| ${opened.name} | ${workers} | ${posts} | ${(ms / 1000).toFixed(2)} | ${((posts / ms) * 1000).toFixed(0)} |`,
      );
    }
  }
}
if (!pgUp) console.log('\nPostgreSQL skipped: set TEST_DATABASE_URL (or run .ci/run) to include it.');
await standin.close();
