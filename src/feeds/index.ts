export { loadFeedsConfig, parseFeedsConfig, FEEDS_FILE, DEFAULT_INTERVAL_MINUTES, type FeedConfig, type FeedConfigProblem } from './config.js';
export { fetchConditional, decodeBody, detectEncoding, charsetOf, FetchError, type FetchOptions, type FetchResult } from './http.js';
export { parseFeedText, parseFeedBytes, FeedParseError, isoDate, type FeedItem, type ParsedFeed } from './parse.js';
export { extractArticle, htmlToParagraphs, MIN_ARTICLE_CHARS, type ExtractedArticle } from './extract.js';
export { saveDocument, renderDocumentFile, slugify, normalizeUrl, findDocumentByUrl, detectLanguage, type NewDocument, type SavedDocument } from './save.js';
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
