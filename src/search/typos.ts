/**
 * The typo policy of every search index (the passage index and the quote book's): how many
 * edits away an index word may be and still match a word of the question. Only long words get
 * any, one edit from 7 letters and two from 12, because a short word has too many real
 * neighbours ("angela" is not a typo of "angel"). Alias terms (`@…`) and words with digits
 * (years, article numbers) are never corrected.
 */
export function typoEdits(term: string): number | false {
  if (term.startsWith('@') || /\d/.test(term) || term.length < 7) return false;
  return term.length < 12 ? 1 : 2;
}
