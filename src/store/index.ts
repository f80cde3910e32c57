export { Store, openStore, targetKey, isBusyError, StoreUnavailableError, BUSY_TIMEOUT_MS } from './store.js';
export type {
  Subscription,
  NewSubscription,
  SubscriptionKind,
  Delivery,
  DeliveryState,
  FeedState,
  Announcement,
  AnnouncementState,
  FeedItemFailure,
  SkippedFeedItem,
} from './store.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.js';
export type { StateStore, Awaitable, QueuedDestination, ClaimOptions, ShardScope } from './state-store.js';
export { PgStore } from './pg-store.js';
export { PG_MIGRATIONS } from './pg-migrations.js';
export { openStateStore, isPostgresUrl } from './open.js';
