import { readFileSync } from 'node:fs';
import { parseCorpusFile } from './src/corpus/load-corpus.js';
import { analyzeDocument } from './src/quotes/extract.js';
const doc = parseCorpusFile('/tmp/probe6/c3/huge4.md', readFileSync('/tmp/probe6/huge4.md')).document!;
const t = performance.now();
const a = analyzeDocument(doc);
console.log('analyze', (performance.now() - t).toFixed(0), 'ms', a.quotes.length);
