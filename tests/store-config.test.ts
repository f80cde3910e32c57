/** DATABASE_URL chooses the store; its password never reaches a log line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/config.js';
import { openStateStore, PgStore, Store } from '../src/store/index.js';
import { postgresAvailable, scratchDatabase } from './helpers/postgres.js';

const base = {
  DISCORD_TOKEN: 'MTQwMDAwMDAwMDAwMDAwMDAw.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB',
  DISCORD_CLIENT_ID: '1400000000000000000',
};
const pgUp = await postgresAvailable();

describe('DATABASE_URL', () => {
  it('accepts a postgres:// URL and hides its password when the configuration is logged', () => {
    const config = loadConfig({
      ...base,
      DATABASE_URL: 'postgres://pactbot:s3cret-pw@db.internal:5432/pactbot',
      DELIVERY_LEASE_SECONDS: '30',
      TOTAL_SHARDS: '4',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://pactbot:s3cret-pw@db.internal:5432/pactbot',
      deliveryLeaseSeconds: 30,
      shardCount: 4,
    });
    const logged = JSON.stringify(describeConfig(config));
    expect(logged).not.toContain('s3cret-pw');
    expect(logged).toContain('postgres://pactbot:[redacted]@db.internal:5432/pactbot');
  });

  it('refuses anything else with a line that says what it must be, without echoing the value', () => {
    const bad = () => loadConfig({ ...base, DATABASE_URL: 'mysql://root:hunter2@db/pactbot' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL is malformed\. When set, it must be a PostgreSQL URL/);
    expect(() => bad()).not.toThrow(/hunter2/);
    expect(() => loadConfig({ ...base, TOTAL_SHARDS: 'many' })).toThrow(/TOTAL_SHARDS is malformed/);
    expect(loadConfig({ ...base, DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('unset: the SQLite file in DATA_DIR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-choose-'));
    const store = await openStateStore({ dataDir: dir });
    expect(store).toBeInstanceOf(Store);
    expect(fs.existsSync(path.join(dir, 'pactbot.sqlite'))).toBe(true);
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(pgUp)('a postgres:// URL: PostgreSQL, and no SQLite file is made', async () => {
    const db = await scratchDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-choose-'));
    const store = await openStateStore({ databaseUrl: db.url, dataDir: dir });
    expect(store).toBeInstanceOf(PgStore);
    expect(fs.existsSync(path.join(dir, 'pactbot.sqlite'))).toBe(false);
    await store.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
