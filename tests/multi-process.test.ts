/**
 * Two bot processes (`tsx src/main.ts`, as `npm start` on two machines) sharing one PostgreSQL
 * (DATABASE_URL) and one Discord stand-in. A new document is posted exactly once per
 * subscription; a process killed (SIGKILL) while Discord is answering its post loses nothing and
 * doubles nothing: the other takes its claims over once the lease runs out and resends with the
 * same nonce, which Discord (enforce_nonce) answers with the message already created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../src/store/index.js';
import { DiscordStandIn, type RouteHandler } from './discord-standin/server.js';
import { snowflake } from './discord-standin/snowflake.js';
import {
  botEnv,
  botFolder,
  PROCESS_TEST_TIMEOUT_MS,
  READY_TIMEOUT_MS,
  startProcess,
  stopProcess,
  type BotProcess,
} from './helpers/bot-process.js';
import { postgresAvailable, scratchDatabase, type ScratchDatabase } from './helpers/postgres.js';
import { at } from './helpers/at.js';

const ROOT = path.resolve('.');
const pgUp = await postgresAvailable();

type NamedBot = BotProcess & { name: string };

let discord: DiscordStandIn;
let db: ScratchDatabase;
let store: PgStore;
let dir: string;
const bots: NamedBot[] = [];
const channels = [snowflake(), snowflake(), snowflake()];
const dmUser = snowflake();
/** The channel whose first post is held open: Discord has created the message, the bot waits for the answer. */
const heldChannel = at(channels, 1);
let hold: { arrived: boolean; release: () => void; released: Promise<void> } | undefined;

function startBotProcess(name: string): NamedBot {
  const env = botEnv(discord, dir, {
    DATA_DIR: path.join(dir, `data-${name}`),
    DATABASE_URL: db.url,
    DELIVERY_LEASE_SECONDS: '3',
    // The process that did not queue a post learns of its orphaned claim at its next look.
    DELIVERY_INTERVAL_SECONDS: '2',
  });
  const bot = { name, ...startProcess('src/main.ts', dir, env) };
  bots.push(bot);
  return bot;
}

/** Update posts the stand-in holds, per destination, with the document title they carry. */
function postsTo(channelId: string): { id: string; title: string | undefined; nonce: unknown }[] {
  return discord.channelMessages(channelId).map((m) => ({ id: m.id, title: m.embeds?.[0]?.title, nonce: m.nonce }));
}
function dmPosts() {
  const dm = discord.dmChannel(dmUser);
  return dm ? postsTo(dm.id) : [];
}
const everyDestination = () => [...channels.map(postsTo), dmPosts()];

function addDocument(file: string): string {
  fs.copyFileSync(path.join(ROOT, 'corpus', file), path.join(dir, 'corpus', file));
  const title = /^title:\s*"?(.+?)"?\s*$/m.exec(fs.readFileSync(path.join(ROOT, 'corpus', file), 'utf8'))?.[1];
  if (!title) throw new Error(`${file} has no title`);
  return title;
}

beforeAll(async () => {
  if (!pgUp) return;
  discord = await DiscordStandIn.start();
  // The first post to the held channel is created, then answered only when the test says so.
  const defaultPost = discord.routes.find(
    (r) => r.method === 'POST' && r.pattern === '/channels/:channelId/messages',
  )!.handler;
  const holding: RouteHandler = async (req, standin) => {
    const result = await defaultPost(req, standin);
    if (req.params.channelId === heldChannel && hold && !hold.arrived) {
      hold.arrived = true;
      await hold.released;
    }
    return result;
  };
  discord.route('POST', '/channels/:channelId/messages', holding);

  db = await scratchDatabase();
  store = await PgStore.open(db.url);
  const guildId = at(discord.guilds, 0);
  for (const channelId of channels)
    await store.addSubscription({ kind: 'channel', guildId, channelId, createdBy: 'u1' });
  await store.addSubscription({ kind: 'dm', guildId, userId: dmUser, createdBy: dmUser });

  dir = botFolder('two');
}, 60_000);

afterAll(async () => {
  for (const bot of bots) await stopProcess(bot);
  hold?.release();
  await store?.close();
  await db?.drop();
  await discord?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.runIf(pgUp)('two bot processes on one PostgreSQL', () => {
  it(
    'a new document is posted exactly once per subscription',
    async () => {
      // Both start at once, as two replicas of a deployment do.
      const a = startBotProcess('a');
      const b = startBotProcess('b');
      await expect.poll(() => a.output(), { timeout: READY_TIMEOUT_MS }).toContain('"msg":"bot ready"');
      await expect.poll(() => b.output(), { timeout: READY_TIMEOUT_MS }).toContain('"msg":"bot ready"');

      const title = addDocument('state-readout-rubio-delafuente-2025-10-15.md');
      await expect.poll(() => everyDestination().every((posts) => posts.length >= 1), { timeout: 30_000 }).toBe(true);
      // Both processes saw the file; one announced it. Once the ledger holds nothing pending, no
      // delivery run of either process can send again (a run only sends what it claims from pending).
      await expect
        .poll(async () => (await store.listDeliveries({ state: 'pending' })).length, { timeout: 15_000 })
        .toBe(0);
      for (const posts of everyDestination()) expect(posts.map((p) => p.title)).toEqual([title]);
      const deliveries = await store.listDeliveries();
      expect(deliveries).toHaveLength(4);
      expect(deliveries.every((d) => d.state === 'sent')).toBe(true);
      // The message id Discord gave is recorded with each delivery.
      expect(deliveries.map((d) => d.messageId).sort()).toEqual(
        everyDestination()
          .map((posts) => posts[0]?.id)
          .sort(),
      );
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'killing the process that is mid-delivery loses nothing and doubles nothing',
    async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrived: false, release, released };
      const before = everyDestination().map((posts) => posts.length);

      const title = addDocument('state-media-note-sig-first-meeting-2025-09-27.md');
      await expect.poll(() => hold!.arrived, { timeout: 30_000 }).toBe(true);
      // Whoever sent the held post holds the claim on it: that process dies now.
      const held = (await store.listDeliveries({ state: 'pending' })).find(
        (d) => d.targetKey === `channel:${heldChannel}`,
      );
      expect(held).toBeDefined();
      const { rows } = await store.pool.query('SELECT claimed_by FROM deliveries WHERE id = $1', [held!.id]);
      const pid = Number(String(rows[0].claimed_by).split(':')[1]);
      const victim = bots.find((bot) => bot.child.pid === pid)!;
      expect(victim).toBeDefined();
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      hold.release();

      const survivor = bots.find((bot) => bot !== victim && bot.child.exitCode === null)!;
      await expect
        .poll(async () => (await store.listDeliveries({ state: 'pending' })).length, { timeout: 30_000 })
        .toBe(0);
      const after = everyDestination();
      after.forEach((posts, i) => {
        expect(posts).toHaveLength(at(before, i) + 1);
        expect(posts.at(-1)!.title).toBe(title);
      });
      const sent = (await store.listDeliveries({ state: 'sent' })).filter((d) => d.documentId === held!.documentId);
      expect(sent).toHaveLength(4);
      expect(sent.find((d) => d.id === held!.id)!.messageId).toBe(postsTo(heldChannel).at(-1)!.id);
      expect(survivor.child.exitCode).toBeNull(); // the survivor did the rest
      // The held post was sent twice — by the dead process, then by the survivor — with one nonce: one message.
      const heldSends = discord.requests.filter(
        (r) =>
          r.method === 'POST' && r.path === `/channels/${heldChannel}/messages` && r.body?.embeds?.[0]?.title === title,
      );
      expect(heldSends).toHaveLength(2);
      expect(heldSends[0]?.body.nonce).toBe(heldSends[1]?.body.nonce);
      expect(heldSends.every((r) => r.body.enforce_nonce === true)).toBe(true);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
