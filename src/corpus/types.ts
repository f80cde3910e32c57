/** Metadata from a corpus file's YAML front matter, validated. */
export interface DocumentMeta {
  title: string;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as written in the file. */
  date: string;
  publisher?: string;
  author?: string;
  url?: string;
  language: 'en' | 'es';
  /** The stored copy breaks off before the original ends. */
  partial: boolean;
  license?: string;
  notes?: string;
}

/** One document of the corpus: one file in the corpus folder. */
export interface CorpusDocument {
  /** File name without extension. */
  id: string;
  /** Path of the file it was read from. */
  file: string;
  meta: DocumentMeta;
  /** Lines before the first real paragraph (repeated title, byline, dateline): not counted as paragraphs. */
  header: string[];
  /** The body's paragraphs, verbatim; `paragraphs[0]` is ¶1 as a reader counts. */
  paragraphs: string[];
}

/** A searchable unit: a paragraph, or a window of sentences of a long paragraph. */
export interface Passage {
  /** Stable across rebuilds: `<docId>#<paragraph>` or `<docId>#<paragraph>.<window>`. */
  id: string;
  docId: string;
  /** 1-based paragraph number. */
  paragraph: number;
  /** Verbatim slice of the paragraph. */
  text: string;
}

/** A corpus file that could not be loaded, and why. */
export interface CorpusProblem {
  file: string;
  field: string;
  reason: string;
}
