export { Store, openStore, targetKey } from './store.js';
export type { Subscription, NewSubscription, SubscriptionKind, Delivery, DeliveryState, FeedState } from './store.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.js';
