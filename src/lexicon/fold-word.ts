import { fold } from '../search/fold.js';

/**
 * `fold` for the short strings lexicon lookups compare (a token, a name), memoised: the same
 * few thousand words are folded again and again while reading names, and `fold` normalises
 * Unicode and runs several regular expressions each time. The memo is cleared when it grows
 * past a bound, so memory stays flat on any corpus.
 */
const MAX = 50_000;
const memo = new Map<string, string>();

export function foldWord(word: string): string {
  let out = memo.get(word);
  if (out === undefined) {
    if (memo.size >= MAX) memo.clear();
    out = fold(word);
    memo.set(word, out);
  }
  return out;
}
