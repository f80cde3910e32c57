import MiniSearch from 'minisearch';
import snowball from 'snowball-stemmers';
import stopword from 'stopword';
import type { Passage } from '../corpus/types.js';
import { fold } from '../search/fold.js';

const stemmer = snowball.newStemmer('english');
const STOP = new Set(stopword.eng.map(fold));

/**
 * The baseline every figure is compared with: MiniSearch over the same passages with nothing
 * but case and accent folding, Porter (Snowball English) stemming and a stop list. It refuses
 * only when no passage shares a word with the question.
 */
export class BareSearch {
  private readonly search = new MiniSearch<Passage>({
    fields: ['text'],
    storeFields: ['id'],
    processTerm: (term) => {
      const word = fold(term);
      return STOP.has(word) ? null : stemmer.stem(word);
    },
  });

  constructor(passages: Passage[]) {
    this.search.addAll(passages);
  }

  /** Passage ids, best BM25 score first. */
  ask(question: string, limit = 5): string[] {
    return this.search.search(question).slice(0, limit).map((hit) => String(hit.id));
  }
}
