/**
 * `npm start` killed with SIGKILL right after `/corpus add` answered "Added": the document must
 * still be announced, once, when the bot starts again. A real process (tsx src/main.ts) against
 * the Discord stand-in, an article served on 127.0.0.1, temporary CORPUS_DIR and DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandInteraction, PERMISSIONS } from './discord-standin/payloads.js';
import { isCallback } from './discord-standin/requests.js';
import { DiscordStandIn, type RecordedRequest } from './discord-standin/server.js';
import { startLocalServer, type LocalServer } from './fixtures/feeds/local-server.js';
import {
  botEnv,
  botFolder,
  PROCESS_TEST_TIMEOUT_MS,
  READY_TIMEOUT_MS,
  startProcess,
  stopProcess,
} from './helpers/bot-process.js';
import { openStore } from '../src/store/index.js';

const ROOT = path.resolve('.');
const MANAGER = { id: '444444444444444444', username: 'mara', global_name: 'Mara' };
let discord: DiscordStandIn;
let server: LocalServer;
let dir: string;

beforeAll(async () => {
  discord = await DiscordStandIn.start();
  server = await startLocalServer(30_000);
  server.routes.set('/story', {
    headers: { 'content-type': 'text/html' },
    body: fs.readFileSync(path.join(ROOT, 'tests/fixtures/articles/frontera-extraditions.html')),
  });
  dir = botFolder('kill');
});
afterAll(async () => {
  await discord?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm start` as a process, fetching the article from this test's server. */
const startBotProcess = () =>
  startProcess('src/main.ts', dir, botEnv(discord, dir, { FETCH_ALLOW_HOSTS: '127.0.0.1' }));

/** Update posts Discord received: channel messages carrying a nonce. */
const posts = (): RecordedRequest[] =>
  discord.requests.filter(
    (r) => r.method === 'POST' && r.status < 300 && /^\/channels\/\d+\/messages$/.test(r.path) && r.body?.nonce,
  );

function interact(name: string, rawOptions: unknown[] = []) {
  const payload = commandInteraction(discord, { name, options: [], user: MANAGER, permissions: PERMISSIONS.manager });
  payload.data.options = rawOptions;
  return discord.sendInteraction(payload);
}

describe('a bot killed mid-way', () => {
  it(
    'SIGKILL right after /corpus add answered "Added": the document is announced once after the restart',
    async () => {
      const first = startBotProcess();
      await expect.poll(() => first.output(), { timeout: READY_TIMEOUT_MS }).toContain('"msg":"bot ready"');
      const since = discord.requests.length;
      const sub = interact('subscribe');
      const subscribed = await discord.waitFor(isCallback(sub), { since, timeout: 10_000 });
      expect(subscribed.body.data.content).toMatch(/^Subscribed <#\d+> to every new document \(subscription #1\)/);

      const add = interact('corpus', [
        { name: 'add', type: 1, options: [{ name: 'url', type: 3, value: server.url('/story') }] },
      ]);
      const answered = await discord.waitFor(
        (r) => r.method === 'PATCH' && decodeURIComponent(r.path).endsWith(`/${add.token}/messages/@original`),
        { since, timeout: 15_000 },
      );
      first.child.kill('SIGKILL');
      expect(answered.body.content).toMatch(/^Added \[Mexico extradites 26 cartel figures to the United States\]/);
      expect(await first.exited).toBeNull(); // killed, not exited
      expect(posts()).toHaveLength(0);
      expect(fs.readdirSync(path.join(dir, 'corpus')).some((f) => f.includes('extradites'))).toBe(true);

      const second = startBotProcess();
      try {
        await expect.poll(() => second.output(), { timeout: READY_TIMEOUT_MS }).toContain('"msg":"bot ready"');
        await expect.poll(() => posts().length, { timeout: 20_000 }).toBe(1);
        expect(posts()[0]?.body.embeds[0].title).toBe('Mexico extradites 26 cartel figures to the United States');
        expect(second.output()).toContain('"msg":"documents not announced before were queued"');
        // Delivered once: the ledger holds it as sent with nothing pending, so no later run sends it,
        // and once the process has ended nothing more can arrive.
        const ledger = openStore(path.join(dir, 'data'));
        try {
          await expect.poll(() => ledger.listDeliveries({ state: 'pending' }).length, { timeout: 10_000 }).toBe(0);
          expect(ledger.listDeliveries({ state: 'sent' })).toHaveLength(1);
        } finally {
          ledger.close();
        }
      } finally {
        await stopProcess(second);
      }
      expect(posts()).toHaveLength(1);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
