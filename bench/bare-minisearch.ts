/**
 * The baseline: plain MiniSearch on the same passages with folding, Porter stemming and a stop
 * list, searched with its default OR query. What pactbot's whole pipeline is compared against.
 */
import MiniSearch from 'minisearch';
import snowball from 'snowball-stemmers';
import stopword from 'stopword';
import type { Passage } from '../src/corpus/types.js';
import { fold } from '../src/search/fold.js';

const porter = snowball.newStemmer('porter');
const stop = new Set(stopword.eng);

// Remembering stems changes no result, only how long building the baseline takes.
const stems = new Map<string, string>();
const stem = (term: string) => {
  let stemmed = stems.get(term);
  if (stemmed === undefined) stems.set(term, (stemmed = porter.stem(term)));
  return stemmed;
};

export function bareIndex(passages: Iterable<Passage>): MiniSearch<{ id: string; text: string }> {
  const search = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => fold(text).split(/[^a-z0-9]+/),
    processTerm: (term) => (term && !stop.has(term) ? stem(term) : null),
  });
  for (const p of passages) search.add({ id: p.id, text: p.text });
  return search;
}
