/** Secrets are scrubbed by value from every part of a log record, not only its message and error. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { at } from './helpers/at.js';

const TOKEN = `${'A'.repeat(24)}.${'b'.repeat(6)}.${'C_-'.repeat(9)}`;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('log records', () => {
  it('never show the token in the "starting" line, even inside DISCORD_API_URL', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ secrets: [TOKEN], destination });
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_API_URL: `http://bot:${TOKEN}@127.0.0.1:3000/api?key=${TOKEN}`,
    });
    logger.info({ config: describeConfig(config) }, 'starting');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(TOKEN);
    expect(JSON.parse(at(lines, 0)).config.apiUrl).toBe('http://bot:[redacted]@127.0.0.1:3000/api?key=[redacted]');
  });

  it('scrub any field at any depth, child bindings, arrays, errors and messages', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ secrets: [TOKEN, 'pa"ss\\word-123'], destination }).child({ session: `s-${TOKEN}` });
    logger.warn(
      {
        deep: { list: [{ note: `x ${TOKEN} y` }], url: `https://h/?t=${encodeURIComponent(TOKEN)}` },
        other: 'pa"ss\\word-123',
      },
      'odd',
    );
    logger.error({ error: new Error(`failed with ${TOKEN}`) }, `message ${TOKEN}`);
    const all = lines.join('');
    expect(lines).toHaveLength(2);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('ss\\\\word-123');
    const first = JSON.parse(at(lines, 0));
    expect(first.session).toBe('s-[redacted]');
    expect(first.deep.list[0].note).toBe('x [redacted] y');
    expect(first.other).toBe('[redacted]');
    expect(JSON.parse(at(lines, 1)).error.message).toBe('failed with [redacted]');
  });
});
