/** `npm start` and `npm run deploy-commands` as processes, against the Discord stand-in. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { deployCommands } from '../src/discord/deploy-commands.js';
import { DiscordStandIn } from './discord-standin/server.js';
import {
  botEnv,
  botFolder,
  PROCESS_TEST_TIMEOUT_MS,
  READY_TIMEOUT_MS,
  startProcess,
  stopProcess,
} from './helpers/bot-process.js';
import { at } from './helpers/at.js';

let discord: DiscordStandIn;
let dir: string;

beforeAll(async () => {
  discord = await DiscordStandIn.start();
  dir = botFolder('main');
});
afterAll(async () => {
  await discord?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point in a folder without .env; `stopWhenReady` sends SIGTERM once the bot is ready. */
async function run(entry: string, env: Record<string, string>, stopWhenReady = false): Promise<Run> {
  const child = startProcess(entry, dir, env);
  try {
    if (stopWhenReady) {
      await expect.poll(child.stdout, { timeout: READY_TIMEOUT_MS }).toMatch(/"msg":"bot ready"/);
      child.child.kill('SIGTERM');
    }
    return { code: await child.exited, stdout: child.stdout(), stderr: child.stderr() };
  } finally {
    await stopProcess(child);
  }
}

const envFor = () => botEnv(discord, dir);

describe('npm start (src/main.ts)', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  // Without DISCORD_TOKEN at all, `npm start` opens the playground instead (tests/playground-start.test.ts).
  it('stops with one clear line when a variable is missing', async () => {
    const { DISCORD_CLIENT_ID: _c, ...env } = envFor();
    const result = await run('src/main.ts', env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pactbot: DISCORD_CLIENT_ID is not set\./);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with one clear line when a variable is malformed', async () => {
    const result = await run('src/main.ts', { ...envFor(), DISCORD_API_URL: 'not a url' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^pactbot: DISCORD_API_URL is malformed\./),
    ]);
  });

  it('stops with one line when Discord rejects the token, without printing it', async () => {
    const wrong = `${discord.token.slice(0, -4)}WXYZ`;
    const result = await run('src/main.ts', { ...envFor(), DISCORD_TOKEN: wrong });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^pactbot: DISCORD_TOKEN was rejected/)]);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  it('connects, logs structured JSON without the token, and stops cleanly on SIGTERM', async () => {
    // With sentence embeddings on, as a deployed bot runs: the encoder's worker must not hold the exit.
    const result = await run('src/main.ts', { ...envFor(), EMBEDDINGS: 'on' }, true);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['starting', 'corpus loaded', 'bot ready', 'shutting down', 'bot stopped']),
    );
    expect(result.stdout).not.toContain(discord.token);
    expect(discord.identifies.at(-1).intents).toBe(1);
  });
});

// Written out rather than read from commands/index.ts, so a command dropped by mistake fails here.
const ALL_COMMANDS = [
  'ask',
  'source',
  'sources',
  'about',
  'quote',
  'speakers',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'corpus',
];

describe('deploy-commands', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('bulk-overwrites the guild commands when DISCORD_GUILD_ID is set, idempotently', async () => {
    const guildId = at(discord.guilds, 0);
    const config = { discordToken: discord.token, clientId: discord.applicationId, guildId, apiUrl: discord.apiUrl };
    const first = await deployCommands(config);
    const second = await deployCommands(config);
    expect(first).toEqual({
      scope: 'guild',
      route: `/applications/${discord.applicationId}/guilds/${guildId}/commands`,
      registered: ALL_COMMANDS,
    });
    expect(second).toEqual(first);
    const puts = discord.requests.filter((r) => r.method === 'PUT');
    expect(puts.at(-1)!.path).toBe(`/applications/${discord.applicationId}/guilds/${guildId}/commands`);
    expect(puts.at(-1)!.body).toEqual(puts.at(-2)!.body);
    expect(puts.at(-1)!.headers.authorization).toBe(`Bot ${discord.token}`);
    expect(discord.commands.get(guildId)!.map((c) => c.id)).toHaveLength(ALL_COMMANDS.length);
  });

  it('registers globally without DISCORD_GUILD_ID (as a script)', async () => {
    const result = await run('src/discord/deploy-commands.ts', envFor());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`registered ${ALL_COMMANDS.length} commands globally`);
    expect(result.stdout).not.toContain(discord.token);
    expect(discord.commands.get('global')!.map((c) => c.name)).toEqual(ALL_COMMANDS);
  });

  it('has definitions Discord accepts', () => {
    const names = new Set<string>();
    for (const { data } of commands) {
      expect(data.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(names.has(data.name)).toBe(false);
      names.add(data.name);
      expect(data.description.length).toBeGreaterThan(0);
      expect(data.description.length).toBeLessThanOrEqual(100);
      const options = data.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      let optionalSeen = false;
      for (const o of options) {
        expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
        if (!('required' in o && o.required)) optionalSeen = true;
        else expect(optionalSeen).toBe(false); // required options come first
      }
    }
  });
});
