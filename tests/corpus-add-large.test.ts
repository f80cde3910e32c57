import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { PactIndex } from '../src/pact-index.js';
import { OFF_THREAD_CHARS, stopQuotationExtractor } from '../src/quotes/extract-off-thread.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

afterAll(() => stopQuotationExtractor());

/** A document four times over the off-thread size, dense with quotations, as a pasted transcript might be. */
function largeDocument(): CorpusDocument {
  const paragraphs: string[] = [];
  for (let i = 0, chars = 0; chars < 4 * OFF_THREAD_CHARS; i++) {
    const p =
      i === 0
        ? '"The tunnel under Nogales will be sealed by spring," Governor Alicia Romero said on Tuesday.'
        : `"We discussed item ${i} of the agenda," the minister said, according to officials who met in Mexico City. ` +
          `Rubio met de la Fuente again to review border security, number ${i}.`;
    paragraphs.push(p);
    chars += p.length;
  }
  return {
    id: 'transcript',
    file: 'transcript.md',
    header: [],
    paragraphs,
    meta: { title: 'Transcript', date: '2025-10-01', language: 'en', partial: false },
  };
}

/** The longest time the event loop went without running a 1 ms timer while `work` ran. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe('a large document added to a running bot', () => {
  it('is indexed and its quotations extracted without blocking the event loop', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['Tunnels were closed.']) });
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    await pact.quotesReady();
    const doc = largeDocument();

    const stall = await longestStall(async () => {
      await pact.addOrReplaceDocument(doc);
      await pact.quotesReady();
    });

    // Discord's deadline is 3 s; on the main thread this document stalled the loop for seconds.
    expect(stall).toBeLessThan(500);
    expect(pact.answerQuestion('When will the Nogales tunnel be sealed?').answers[0]?.document.id).toBe('transcript');
    const romero = pact.quotes.all().find((q) => q.speaker?.name === 'Alicia Romero');
    expect(romero?.text).toBe('The tunnel under Nogales will be sealed by spring');
  }, 60_000);
});
