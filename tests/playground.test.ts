/**
 * The playground in-process, through the page's endpoints (what the page sends): update posts for
 * a hand-written document in #updates and by DM, the "thinking" state of a deferred reply,
 * dismissing an ephemeral reply, staying on 127.0.0.1, the page's assets, the corpus copy.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEvent } from '../src/playground/local-discord.js';
import { messageView } from '../src/playground/message-view.js';
import { playgroundSettings } from '../src/playground/settings.js';
import { prepareCorpus, startPlayground, type Playground } from '../src/playground/start-playground.js';
import { captureLogs } from './discord-standin/harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let playground: Playground;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pactbot-playground-'));
  playground = await startPlayground(
    { port: 0, dir: path.join(dir, 'data'), sourceCorpusDir: path.resolve('corpus'), logLevel: 'warn' },
    { logDestination: captureLogs().destination, burstDelayMs: 100 },
  );
}, 60_000);

afterAll(async () => {
  await playground?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (route: string) => fetch(new URL(route, playground.url));
const post = async (route: string, body: unknown): Promise<{ status: number; body: Json }> => {
  const res = await fetch(new URL(route, playground.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const state = async (): Promise<Json> => (await get('/playground/state')).json();
const messagesIn = async (channelId: string): Promise<Json[]> =>
  (await state()).messages.filter((m: Json) => m.channelId === channelId);
const plainText = (nodes: Json[]): string =>
  nodes
    .map((n) =>
      n.type === 'channel'
        ? `<#${n.id}>`
        : typeof n.content === 'string'
          ? n.content
          : Array.isArray(n.content)
            ? plainText(n.content)
            : '',
    )
    .join('');

function command(
  name: string,
  options: Json[],
  persona: 'member' | 'manager' = 'manager',
  channelId = playground.world.generalId,
) {
  return post('/playground/command', { channelId, persona, name, options });
}

describe('the playground through its page endpoints', () => {
  it('serves every file the page imports from this machine, and nothing outside its folders', async () => {
    const html = await (await get('/')).text();
    const imports = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}')
      .imports as Record<string, string>;
    const files = [
      ...Object.values(imports).filter((u) => !u.endsWith('/')),
      '/assets/app.js',
      '/assets/style.css',
      '/assets/bot-avatar.svg',
    ];
    for (const file of files) expect({ file, status: (await get(file)).status }).toEqual({ file, status: 200 });
    expect((await get('/assets/../../../package.json')).status).toBe(404);
    expect((await get('/vendor/vitest/package.json')).status).toBe(404);
    // Avatars come from this server (the components would otherwise load Discord's CDN).
    expect(html).toMatch(/avatars: \{ default: '\/assets\/user-avatar\.svg'/);
  });

  it('posts a hand-written document once to a subscribed #updates and by DM', async () => {
    const { world } = playground;
    const channelOption = { name: 'channel', type: 7, value: world.updatesId };
    expect((await command('subscribe', [channelOption])).status).toBe(202);
    await expect
      .poll(async () => plainText((await messagesIn(world.generalId)).at(-1)?.content ?? []))
      .toMatch(new RegExp(`^Subscribed <#${world.updatesId}> to every new document`));
    // dm:true works for a plain member.
    await command('subscribe', [{ name: 'dm', type: 5, value: true }], 'member');
    await expect
      .poll(async () => plainText((await messagesIn(world.generalId)).at(-1)?.content ?? []))
      .toMatch(/by direct message/);

    writeFileSync(
      path.join(playground.corpusDir, 'by-hand.md'),
      '---\ntitle: "A document written by hand"\npublisher: "Test"\ndate: 2025-11-28\n---\n\nThe implementation group met again to discuss arms trafficking.\n',
    );
    const dm = (await state()).dmChannelId;
    await expect.poll(async () => (await messagesIn(world.updatesId)).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await messagesIn(dm)).length, { timeout: 15_000 }).toBe(1);
    const [post] = await messagesIn(world.updatesId);
    expect(plainText(post.embeds[0].title)).toBe('A document written by hand');
    await playground.bot.updates!.deliverNow();
    expect(await messagesIn(world.updatesId)).toHaveLength(1);
  });

  it('adds a sample document to the playground’s corpus copy, once', async () => {
    const samples = (await state()).samples as { file: string; title: string }[];
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const added = await post('/playground/samples', { file: samples[1]?.file });
    expect(added).toEqual({ status: 201, body: { file: samples[1]?.file, title: samples[1]?.title } });
    expect(readdirSync(playground.corpusDir)).toContain(samples[1]?.file);
    expect(readdirSync(path.resolve('corpus'))).not.toContain(samples[1]?.file);
    expect((await post('/playground/samples', { file: samples[1]?.file })).status).toBe(409);
    expect((await post('/playground/samples', { file: '../package.json' })).status).toBe(404);
  });

  it('shows a deferred reply as thinking until the bot edits it', async () => {
    const { discord } = playground.world;
    // What the page is sent (the same view the events stream carries), as each change happens.
    const seen: { action: string; loading: boolean; embeds: number; interaction?: string }[] = [];
    const record = (e: MessageEvent) => {
      const v = messageView(discord, e.message);
      seen.push({ action: e.action, loading: v.loading, embeds: v.embeds.length, interaction: v.interaction?.name });
    };
    discord.on('message', record);
    await command('ask', [{ name: 'question', type: 3, value: 'What did Rubio say about sovereignty?' }]);
    await expect
      .poll(() => seen.some((m) => m.action === 'update' && m.interaction === 'ask'), { timeout: 10_000 })
      .toBe(true);
    discord.off('message', record);
    expect(seen.slice(0, 2)).toEqual([
      { action: 'create', loading: true, embeds: 0, interaction: 'ask' },
      { action: 'update', loading: false, embeds: expect.any(Number), interaction: 'ask' },
    ]);
    expect(seen[1]?.embeds).toBeGreaterThan(0);
  });

  it('marks and dismisses ephemeral replies; a member does not see /corpus add work', async () => {
    await command(
      'corpus',
      [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'https://example.com/a' }] }],
      'member',
    );
    const refusal = async () =>
      (await messagesIn(playground.world.generalId)).find(
        (m: Json) => /Manage Server/.test(plainText(m.content)) && m.ephemeral,
      );
    await expect.poll(refusal).toBeTruthy();
    const { id } = await refusal();
    expect((await post('/playground/dismiss', { messageId: id })).status).toBe(200);
    expect((await state()).messages.some((m: Json) => m.id === id)).toBe(false);
  });

  it('never fetches outside 127.0.0.1: /corpus add says so', async () => {
    await expect(fetch('https://example.com/')).rejects.toThrow(/does not reach outside 127\.0\.0\.1/);
    await command('corpus', [
      { name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'https://example.com/article' }] },
    ]);
    await expect
      .poll(
        async () =>
          (await messagesIn(playground.world.generalId))
            .map((m: Json) => plainText(m.content))
            .find((t: string) => t.startsWith('Not added')),
        { timeout: 15_000 },
      )
      .toMatch(/127\.0\.0\.1/);
  });

  it('answers in the thread where the command was run', async () => {
    const { threadId } = playground.world;
    await command('about', [], 'member', threadId);
    await expect
      .poll(async () => (await messagesIn(threadId)).filter((m: Json) => m.interaction?.name === 'about').length, {
        timeout: 10_000,
      })
      .toBe(1);
  });

  it('answers autocomplete with the bot’s own choices', async () => {
    const { body } = await post('/playground/autocomplete', {
      channelId: playground.world.generalId,
      persona: 'member',
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'x' },
        { name: 'source', type: 3, value: 'communiqu', focused: true },
      ],
    });
    expect(body.choices.map((c: Json) => c.value)).toContain('us-mx-joint-communique-2025-09-03-en');
  });

  it('takes actions only from its own page', async () => {
    const body = JSON.stringify({ file: 'sample-1-implementation-group-schedule.md' });
    const asForm = await fetch(new URL('/playground/samples', playground.url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(asForm.status).toBe(403);
    const otherSite = await fetch(new URL('/playground/samples', playground.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body,
    });
    expect(otherSite.status).toBe(403);
  });

  it('refuses malformed requests with a reason', async () => {
    expect(await post('/playground/command', { channelId: 'x', persona: 'admin', name: 'ask', options: [] })).toEqual({
      status: 400,
      body: { error: 'malformed request' },
    });
  });
});

describe('playground settings and corpus copy', () => {
  it('defaults to its own folder under DATA_DIR and a quiet log', () => {
    const s = playgroundSettings({});
    expect(s).toEqual({
      port: 3210,
      dir: path.resolve('data/playground'),
      sourceCorpusDir: path.resolve('corpus'),
      logLevel: 'warn',
      embeddings: true,
    });
    expect(playgroundSettings({ DATA_DIR: '/tmp/x', PLAYGROUND_PORT: '0' })).toMatchObject({
      port: 0,
      dir: '/tmp/x/playground',
    });
    expect(() => playgroundSettings({ PLAYGROUND_PORT: 'eighty' })).toThrow(/PLAYGROUND_PORT is malformed/);
  });

  it('copies new corpus files, keeps documents added in the playground, leaves feeds.yml out', async () => {
    const source = path.join(dir, 'src-corpus');
    const target = path.join(dir, 'copy');
    mkdirSync(source);
    writeFileSync(path.join(source, 'a.md'), 'A');
    writeFileSync(path.join(source, 'feeds.yml'), 'feeds: []');
    expect(await prepareCorpus(source, target)).toBe(1);
    writeFileSync(path.join(target, 'a.md'), 'A, edited in the playground');
    writeFileSync(path.join(target, 'mine.md'), 'M');
    writeFileSync(path.join(source, 'b.md'), 'B');
    expect(await prepareCorpus(source, target)).toBe(1);
    expect(readdirSync(target).sort()).toEqual(['a.md', 'b.md', 'mine.md']);
    expect(readFileSync(path.join(target, 'a.md'), 'utf8')).toBe('A, edited in the playground');
  });
});
