import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

describe('the saved index', () => {
  it('is reused while the corpus is unchanged and rebuilt when it changes', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['Tunnels under the border were closed.']) });
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(built.fromCache).toBe(false);
    const reused = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(reused.fromCache).toBe(true);
    expect(reused.answerQuestion('border tunnels').answers[0].text).toBe('Tunnels under the border were closed.');

    await writeFile(path.join(dir, 'a.md'), corpusFile({ title: 'A', date: '2025-01-01' }, ['Fuel theft fell.']));
    const rebuilt = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.answerQuestion('border tunnels').notFound).toBe(true);
    expect(rebuilt.answerQuestion('fuel theft').answers[0].text).toBe('Fuel theft fell.');
  });

  it('adds a document to the loaded index without a rebuild', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['Tunnels were closed.']) });
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    expect(pact.answerQuestion('fentanyl seizures').notFound).toBe(true);
    pact.addOrReplaceDocument({ id: 'b', file: 'b.md', header: [], paragraphs: ['Fentanyl seizures rose.'], meta: { title: 'B', date: '2025-02-01', language: 'en', partial: false } });
    expect(pact.answerQuestion('fentanyl seizures').answers[0].document.id).toBe('b');
    expect(pact.stats()).toMatchObject({ documents: 2, passages: 2 });
    pact.removeDocument('b');
    expect(pact.answerQuestion('fentanyl seizures').notFound).toBe(true);
  });

  it('keeps the quote book current when a document is replaced or removed', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['"We will close the tunnels," Smith said.']) });
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    expect(pact.quotes.all().map((q) => q.text)).toEqual(['We will close the tunnels']);
    const replaced = { ...pact.getDocument('a')!, paragraphs: ['"Fuel theft must end now," Jones said.'] };
    pact.addOrReplaceDocument(replaced);
    expect(pact.quotes.all().map((q) => [q.text, q.speaker?.name])).toEqual([['Fuel theft must end now', 'Jones']]);
    pact.removeDocument('a');
    expect(pact.quotes.all()).toEqual([]);
  });
});
