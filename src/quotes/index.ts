export type { Quotation, Speaker } from './types.js';
export { extractQuotes, analyzeDocument } from './extract.js';
export { QuoteBook, type FindOptions, type SpeakerSummary, type QuoteBookOptions } from './quote-book.js';
