/** Anything but printable ASCII and single spaces: a character to fold or whitespace to collapse. */
const NEEDS_FOLDING = /[^\x21-\x7e ]| {2}/;
/** Characters that carry accents or other marks to strip (beyond ASCII and the typography below). */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, needs no normalizing
const NEEDS_NORMALIZING = /[^\x00-\x7f‘’‚‛′“”„‟″‐‑‒–—―−\u00a0]/;
const TYPOGRAPHY = /[‘’‚‛′“”„‟″‐‑‒–—―−]/g;
const PLAIN: Record<string, string> = {
  ...Object.fromEntries([...'‘’‚‛′'].map((c) => [c, "'"])),
  ...Object.fromEntries([...'“”„‟″'].map((c) => [c, '"'])),
  ...Object.fromEntries([...'‐‑‒–—―−'].map((c) => [c, '-'])),
};

/**
 * Case and accent folding, plus the typographic variants news text mixes freely (curly quotes,
 * dashes, non-breaking spaces), so "García" = "Garcia" and "Trump’s" = "Trump's". Invisible
 * format characters (zero-width spaces and joiners, bidi controls, soft hyphens: Unicode's Cf)
 * are dropped, so "sov\u200Bereignty" is one word. Only analysis folds: quoted text stays verbatim.
 */
export function fold(text: string): string {
  // Most text is plain ASCII with single spaces: then folding is only lower-casing. Analysis
  // folds every passage and question, so each costly step below runs only when it can matter.
  if (!NEEDS_FOLDING.test(text)) return text.toLowerCase();
  let folded = text;
  if (NEEDS_NORMALIZING.test(folded))
    folded = folded
      .replace(/\p{Cf}/gu, '')
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
  return folded
    .replace(TYPOGRAPHY, (c) => PLAIN[c] ?? c)
    .replace(/[\s\u00a0]+/g, ' ')
    .toLowerCase();
}
