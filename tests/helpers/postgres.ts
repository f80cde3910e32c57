import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the tests use: `TEST_DATABASE_URL` (set by `.ci/run`, which starts a throw-away
 * server), connected to as an administrator who may create databases. Each test gets a database
 * of its own, dropped afterwards.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether PostgreSQL answers; outside CI a missing server skips the PostgreSQL runs (with a message), in CI it fails them. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    // In CI (and whenever a server was promised through TEST_DATABASE_URL) a missing server is a failure, not a skip.
    if (process.env.CI || process.env.TEST_DATABASE_URL) {
      throw new Error(
        `PostgreSQL at TEST_DATABASE_URL is unreachable (${(error as Error).message}); .ci/run starts one`,
      );
    }
    console.warn(
      `PostgreSQL tests skipped: no server at ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
        'Run .ci/run, or start one and set TEST_DATABASE_URL.',
    );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new empty database on the test server. */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  const name = `pactbot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
