/** Who said a quotation: a person, or a body or document (a joint statement, a spokesman). */
export interface Speaker {
  /** Canonical name: the longest full name seen for the person ("Marco Rubio"). */
  name: string;
  /** A role the text gives ("Secretary of State", "Foreign Minister"). */
  role?: string;
}

/** One direct quotation of a document. */
export interface Quotation {
  /** Stable: `${docId}#q${n}`, n counting from 1 in document order. */
  id: string;
  docId: string;
  /** 1-based paragraph where the quotation starts. */
  paragraph: number;
  /**
   * The quoted words, verbatim, without the quotation marks. A quotation over several
   * paragraphs joins its pieces with "\n\n"; every piece occurs verbatim in the document.
   */
  text: string;
  /** The whole sentence(s) holding the quotation, verbatim (pieces joined with "\n\n"). */
  context: string;
  speaker: Speaker | null;
  attributed: boolean;
}
