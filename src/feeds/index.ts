export {
  loadFeedsConfig,
  parseFeedsConfig,
  FEEDS_FILE,
  DEFAULT_INTERVAL_MINUTES,
  type FeedConfig,
  type FeedConfigProblem,
} from './config.js';
export {
  fetchConditional,
  decodeBody,
  decodeHtml,
  detectEncoding,
  detectHtmlEncoding,
  charsetOf,
  FetchError,
  FetchRefusedError,
  type FetchOptions,
  type FetchResult,
} from './http.js';
export { specialRangeOf, allowEntryProblem } from './fetch-policy.js';
export { parseFeedText, parseFeedBytes, FeedParseError, isoDate, type FeedItem, type ParsedFeed } from './parse.js';
export {
  extractArticle,
  htmlToParagraphs,
  MIN_ARTICLE_CHARS,
  UnreadablePageError,
  type ExtractedArticle,
} from './extract.js';
export { extractArticleOffThread, stopPageReader, type PageReadingLimits } from './extract-off-thread.js';
export {
  saveDocument,
  renderDocumentFile,
  slugify,
  normalizeUrl,
  findDocumentByUrl,
  detectLanguage,
  type NewDocument,
  type SavedDocument,
} from './save.js';
export { ingestArticle, type IngestResult, type IngestFailureCode, type ArticleHints } from './ingest.js';
export { addDocumentFromUrl, type AddFromUrlOptions } from './add-url.js';
export {
  pollFeed,
  pollDueFeeds,
  isFeedDue,
  FeedPoller,
  defaultFeedBackoffMs,
  type PollContext,
  type PollResult,
  type PollStatus,
  type FeedPollerOptions,
  type FeedLogger,
} from './poll.js';
