// The stemmer and stop-word packages ship no type declarations; these cover what we use.
declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(language: string): Stemmer;
  export function algorithms(): string[];
}

declare module 'stopword' {
  export const eng: string[];
  export const spa: string[];
}

// html-encoding-sniffer (the WHATWG encoding sniffing algorithm jsdom uses) ships no declarations.
declare module 'html-encoding-sniffer' {
  /** The encoding's WHATWG name; `defaultEncoding` (null allowed) when neither BOM, transport label nor `<meta>` names one. */
  export default function sniffHtmlEncoding<D extends string | null = string>(
    bytes: Uint8Array,
    options?: { xml?: boolean; transportLayerEncodingLabel?: string; defaultEncoding?: D },
  ): string | D;
}
