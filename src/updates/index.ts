export { matchesFilter, parseFilter, type FilterTerm } from './filter.js';
export { queueUpdates, type QueueOptions, type QueuedDelivery } from './queue.js';
export {
  deliverPending,
  defaultBackoffMs,
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
  truncate,
  type DocumentSummary,
  type UpdatePost,
  type DocumentUpdatePost,
  type DigestUpdatePost,
  type UpdateQuote,
} from './post.js';
export { renderUpdate, escapeMarkdown, type MessageBody } from './render-update.js';
export { startUpdates, type UpdatesRuntime, type UpdatesRuntimeOptions, type UpdatableIndex, type UpdatesLogger } from './runtime.js';
