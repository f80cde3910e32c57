/**
 * `npm start` with no DISCORD_TOKEN (and no .env): the playground starts as a process, prints its
 * address, answers /ask from the real corpus through the page's endpoints, and stops on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers/until.js';

const ROOT = path.resolve('.');
let dir: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let url: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pactbot-playground-start-'));
  // An empty folder (no .env), a PATH and HOME only: no DISCORD_TOKEN anywhere.
  child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/main.ts')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CORPUS_DIR: path.join(ROOT, 'corpus'),
      PLAYGROUND_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  await until(() => /Open http:/.test(stdout) || child.exitCode !== null, 40_000).catch(() => undefined);
  if (!/Open http:/.test(stdout)) throw new Error(`the playground did not start; stdout: ${stdout}\nstderr: ${stderr}`);
  url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1] ?? '';
}, 60_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const post = (route: string, body: unknown) =>
  fetch(new URL(route, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const state = async (): Promise<Json> => (await fetch(new URL('/playground/state', url))).json();

describe('npm start without DISCORD_TOKEN', () => {
  it('prints the playground address and says it is a local preview', () => {
    expect(stdout).toMatch(/playground — a local preview, not connected to Discord/);
    expect(stdout).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/ in your browser \(\d+ documents/);
    expect(stderr).toBe('');
  });

  it('keeps its data in ./data/playground with a copy of the corpus, leaving corpus/ alone', () => {
    const copy = path.join(dir, 'data', 'playground', 'corpus');
    expect(
      readdirSync(copy)
        .filter((f) => f.endsWith('.md'))
        .sort(),
    ).toEqual(
      readdirSync(path.join(ROOT, 'corpus'))
        .filter((f) => f.endsWith('.md'))
        .sort(),
    );
    expect(existsSync(path.join(copy, 'feeds.yml'))).toBe(false);
  });

  it('serves the page and answers /ask with passages from the real corpus', async () => {
    const page = await fetch(url);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('Local preview');

    const before = await state();
    expect(before.commands.map((c: Json) => c.name)).toEqual(
      expect.arrayContaining(['ask', 'quote', 'subscribe', 'corpus']),
    );
    const general = before.channels[0].id;
    const sent = await post('/playground/command', {
      channelId: general,
      persona: 'member',
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'What did Rubio say about sovereignty?' }],
    });
    expect(sent.status).toBe(202);
    const answer = async () =>
      (await state()).messages.find((m: Json) => m.interaction?.name === 'ask' && !m.loading && m.embeds.length > 0);
    await expect.poll(answer, { timeout: 15_000 }).toBeTruthy();
    const embed = (await answer()).embeds[0];
    expect(embed.description[0].type).toBe('blockQuote');
    expect(JSON.stringify(embed.description)).toContain('"type":"strong"');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
