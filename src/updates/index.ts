export { matchesFilter, parseFilter, searchableFilterWords, type FilterTerm } from '../search/filter.js';
export {
  queueUpdates,
  reconcileCorpus,
  contentHash,
  unannounced,
  type QueueOptions,
  type QueuedDelivery,
  type ReconcileResult,
} from './queue.js';
export {
  deliverPending,
  defaultBackoffMs,
  DEFAULT_LEASE_MS,
  WORKER_ID,
  targetOf,
  type DeliverOptions,
  type DeliveryReport,
  type DeliveryTarget,
  type UpdateSender,
} from './deliver.js';
export { DeliveryError, classifyDeliveryError, DISABLING_CODES, type DeliveryErrorAction } from './errors.js';
export { deliveryNonce, MAX_NONCE_LENGTH } from './nonce.js';
export {
  summarizeDocument,
  type DocumentSummary,
  type UpdatePost,
  type DocumentUpdatePost,
  type DigestUpdatePost,
  type UpdateQuote,
} from './post.js';
export {
  startUpdates,
  type UpdatesRuntime,
  type UpdatesRuntimeOptions,
  type UpdatableIndex,
  type UpdatesLogger,
} from './runtime.js';
