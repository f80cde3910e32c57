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
