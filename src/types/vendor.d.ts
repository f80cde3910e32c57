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
