/**
 * Case and accent folding, plus the typographic variants news text mixes freely (curly quotes,
 * dashes, non-breaking spaces), so "García" = "Garcia" and "Trump’s" = "Trump's". Invisible
 * format characters (zero-width spaces and joiners, bidi controls, soft hyphens: Unicode's Cf)
 * are dropped, so "sov\u200Bereignty" is one word. Only analysis folds: quoted text stays verbatim.
 */
export function fold(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .toLowerCase();
}
