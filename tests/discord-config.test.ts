import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

const TOKEN = 'MTQwMDAwMDAwMDAwMDAwMDAw.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const base = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '1400000000000000000' };

function errorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig(base)).toEqual({
      discordToken: TOKEN,
      clientId: '1400000000000000000',
      guildId: undefined,
      apiUrl: undefined,
      dataDir: './data',
      corpusDir: './corpus',
      logLevel: 'info',
      updatePosts: true,
      maxPostsPerChannelPerHour: 6,
      maxSubscriptionsPerUser: 10,
      maxSubscriptionsPerServer: 50,
      commandsPerMinute: 12,
      commandBurst: 6,
      fetchAllowHosts: [],
      deliveryLeaseSeconds: 120,
      deliveryIntervalSeconds: 30,
      shardCount: 'auto',
      embeddings: true,
    });
  });

  it('reads every variable, blank optional ones meaning the default', () => {
    const config = loadConfig({
      ...base,
      DISCORD_GUILD_ID: '1400000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:3000/api/',
      DATA_DIR: '/var/lib/pactbot',
      CORPUS_DIR: ' ',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      guildId: '1400000000000000001',
      apiUrl: 'http://127.0.0.1:3000/api',
      dataDir: '/var/lib/pactbot',
      corpusDir: './corpus',
      logLevel: 'debug',
    });
  });

  it.each([
    [{}, 'DISCORD_TOKEN', /is not set/],
    [{ DISCORD_TOKEN: TOKEN }, 'DISCORD_CLIENT_ID', /is not set/],
    [{ ...base, DISCORD_TOKEN: 'not a token' }, 'DISCORD_TOKEN', /is malformed/],
    [{ ...base, DISCORD_CLIENT_ID: 'my-bot' }, 'DISCORD_CLIENT_ID', /is malformed/],
    [{ ...base, DISCORD_GUILD_ID: '12' }, 'DISCORD_GUILD_ID', /is malformed/],
    [{ ...base, DISCORD_API_URL: 'ftp://x' }, 'DISCORD_API_URL', /is malformed/],
    [{ ...base, LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /is malformed/],
  ])('names the bad variable in one line: %#', (env, variable, pattern) => {
    const err = errorFor(env);
    expect(err.variable).toBe(variable);
    expect(err.message.startsWith(variable)).toBe(true);
    expect(err.message).toMatch(pattern);
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(/\.env|leave it empty|default/);
  });

  it('never repeats a bad token value in the message', () => {
    const err = errorFor({ ...base, DISCORD_TOKEN: 'secret value with spaces that is wrong' });
    expect(err.message).not.toContain('secret value');
  });

  it('describeConfig hides the token', () => {
    expect(JSON.stringify(describeConfig(loadConfig(base)))).not.toContain(TOKEN);
  });
});

describe('logger', () => {
  it('redacts tokens by path and scrubs them from messages and errors', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ secrets: [TOKEN], destination });
    logger.info({ token: TOKEN, config: { discordToken: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } }, 'hello');
    logger.info(`message with ${TOKEN} inside`);
    logger.error({ err: new Error(`failed with ${TOKEN}`) }, 'boom');
    const all = lines.join('');
    expect(lines).toHaveLength(3);
    expect(all).not.toContain(TOKEN);
    expect(all).toContain('[redacted]');
  });
});
