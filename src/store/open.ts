import { PgStore } from './pg-store.js';
import type { StateStore } from './state-store.js';
import { openStore } from './store.js';

/** True for a PostgreSQL connection URL (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(url: string | undefined): url is string {
  return Boolean(url && /^postgres(ql)?:\/\//i.test(url));
}

/**
 * The bot's state store: PostgreSQL when `databaseUrl` is a `postgres://` URL (several processes or
 * machines share it), else the SQLite file `<dataDir>/pactbot.sqlite` (one machine, nothing to set up).
 */
export async function openStateStore(options: { databaseUrl?: string; dataDir: string }): Promise<StateStore> {
  if (isPostgresUrl(options.databaseUrl)) return PgStore.open(options.databaseUrl);
  return openStore(options.dataDir);
}
