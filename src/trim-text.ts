/**
 * Cutting text to a length without breaking it: at a sentence or word boundary, never inside a
 * surrogate pair, with an ellipsis where something was cut. Discord's limits use it
 * (src/discord/render.ts) and so does the core (update-post leads).
 */
import { splitSentences } from './corpus/sentences.js';

export const ELLIPSIS = '…';

/** Largest cut ≤ `at` that does not split a surrogate pair. */
export function codePointCut(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Smallest cut ≥ `at` that does not split a surrogate pair. */
function codePointCutUp(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
}

export interface TrimOptions {
  /** Prefer a sentence boundary (default true); word boundaries otherwise. */
  sentences?: boolean;
}

/**
 * Keeps the start of `text` within `max` characters (ellipsis included): cut after the last
 * sentence that fits, else at the last word boundary, else (one giant word) at a code point
 * boundary. Returns the text unchanged when it fits.
 */
export function trimEnd(text: string, max: number, options: TrimOptions = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  if (options.sentences !== false) {
    const limit = max - 2; // room for " …"
    let best = 0;
    for (const s of splitSentences(text)) {
      const end = s.start + s.text.trimEnd().length;
      if (end <= limit) best = end;
      else break;
    }
    if (best > 0 && best >= limit * 0.4) return `${text.slice(0, best)} ${ELLIPSIS}`;
  }
  const limit = max - 1;
  const window = text.slice(0, limit + 1);
  const space = window.search(/\s\S*$/);
  if (space > 0) {
    const kept = text.slice(0, space).replace(/[\s,;:–—-]+$/u, '');
    if (kept.length > 0) return kept + ELLIPSIS;
  }
  return text.slice(0, codePointCut(text, limit)) + ELLIPSIS;
}

/** Mirror of `trimEnd`: keeps the end of `text`, starting at a sentence (or word) start. */
export function trimStart(text: string, max: number, options: TrimOptions = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  if (options.sentences !== false) {
    const from = text.length - (max - 2); // room for "… "
    for (const s of splitSentences(text)) {
      const start = s.start + (s.text.length - s.text.trimStart().length);
      if (start >= from && text.length - start >= (max - 2) * 0.4) return `${ELLIPSIS} ${text.slice(start)}`;
      if (start >= from) break;
    }
  }
  const from = text.length - (max - 1);
  const rest = text.slice(from - 1);
  const space = rest.search(/\s/);
  if (space >= 0) {
    const kept = text.slice(from - 1 + space).trimStart();
    if (kept.length > 0 && kept.length <= max - 1) return ELLIPSIS + kept;
  }
  return ELLIPSIS + text.slice(codePointCutUp(text, from));
}

/** Plain text (titles, labels, choice names, footers) cut at a word boundary. */
export function truncate(text: string, max: number): string {
  return trimEnd(text.replace(/\s+/g, ' ').trim(), max, { sentences: false });
}
