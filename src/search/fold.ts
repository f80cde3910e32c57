/**
 * Case and accent folding, plus the typographic variants news text mixes freely (curly quotes,
 * dashes, non-breaking spaces), so "García" = "Garcia" and "Trump’s" = "Trump's".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .toLowerCase();
}
