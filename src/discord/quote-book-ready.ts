import { withinTime } from '../within-time.js';
import type { AnswerIndex } from './types.js';

/**
 * How long an interaction waits for the quote book before saying it is still loading. After a
 * start from a large saved index the book is read and named in the background for a few
 * seconds; Discord wants a first answer within 3 s.
 */
const QUOTE_BOOK_WAIT_MS = 2_000;

export const QUOTE_BOOK_LOADING =
  'The quotations are still being loaded after a restart. Please try again in a few seconds.';

/** Whether the quote book is complete now or within the wait. */
export async function quoteBookReady(index: AnswerIndex): Promise<boolean> {
  const ready = index.quotesReady?.();
  return (
    !ready ||
    (await withinTime(
      ready.then(() => true),
      QUOTE_BOOK_WAIT_MS,
    )) === true
  );
}
