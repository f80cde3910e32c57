import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../src/corpus/types.js';
import { PactIndex } from '../src/pact-index.js';
import { Analyzer } from '../src/search/analyze.js';
import { BoundedMemo } from '../src/search/bounded-memo.js';
import { PassageIndex } from '../src/search/passage-index.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

/** A document as the watcher hands it to the index when a file is added. */
function addedDocument(id: string, title: string, date: string, paragraphs: string[]): CorpusDocument {
  return { id, file: `${id}.md`, header: [], paragraphs, meta: { title, date, language: 'en', partial: false } };
}

describe('the saved index', () => {
  it('is reused while the corpus is unchanged and rebuilt when it changes', async () => {
    const dir = await makeCorpus({
      'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['Tunnels under the border were closed.']),
    });
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(built.fromCache).toBe(false);
    const reused = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(reused.fromCache).toBe(true);
    expect(reused.answerQuestion('border tunnels').answers[0]?.text).toBe('Tunnels under the border were closed.');

    await writeFile(path.join(dir, 'a.md'), corpusFile({ title: 'A', date: '2025-01-01' }, ['Fuel theft fell.']));
    const rebuilt = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.answerQuestion('border tunnels').notFound).toBe(true);
    expect(rebuilt.answerQuestion('fuel theft').answers[0]?.text).toBe('Fuel theft fell.');
  });

  it('adds a document to the loaded index without a rebuild', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['Tunnels were closed.']) });
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    expect(pact.answerQuestion('fentanyl seizures').notFound).toBe(true);
    await pact.addOrReplaceDocument(addedDocument('b', 'B', '2025-02-01', ['Fentanyl seizures rose.']));
    expect(pact.answerQuestion('fentanyl seizures').answers[0]?.document.id).toBe('b');
    expect(pact.stats()).toMatchObject({ documents: 2, passages: 2 });
    pact.removeDocument('b');
    expect(pact.answerQuestion('fentanyl seizures').notFound).toBe(true);
  });

  it('keeps the quote book current when a document is replaced or removed', async () => {
    const dir = await makeCorpus({
      'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['"We will close the tunnels," Smith said.']),
    });
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    expect(pact.quotes.all().map((q) => q.text)).toEqual(['We will close the tunnels']);
    const replaced = { ...pact.getDocument('a')!, paragraphs: ['"Fuel theft must end now," Jones said.'] };
    await pact.addOrReplaceDocument(replaced);
    expect(pact.quotes.all().map((q) => [q.text, q.speaker?.name])).toEqual([['Fuel theft must end now', 'Jones']]);
    pact.removeDocument('a');
    expect(pact.quotes.all()).toEqual([]);
  });
});

const NEWS = {
  'a.md': corpusFile({ title: 'Tunnels', date: '2025-01-01' }, [
    'Tunnels under the border were closed by Mexican soldiers.',
    '"We will close every tunnel," Sheinbaum said at the border.',
  ]),
  'b.md': corpusFile({ title: 'Fuel theft', date: '2025-02-01' }, [
    'Fuel theft fell by a third after the pipeline was guarded.',
    '"Huachicol is a crime against the nation," Rubio said.',
  ]),
  'c.md': corpusFile({ title: 'Fentanyl', date: '2025-03-01', language: 'es' }, [
    'Las incautaciones de fentanilo aumentaron en la frontera.',
  ]),
};
const QUESTIONS = [
  'Who closed the tunnels?',
  'Did fuel theft fall?',
  'fentanilo frontera',
  'What did Rubio say about huachicol?',
  'Who is the pope?',
];

describe('the saved form', () => {
  it('is a manifest and a folder of one-record-a-line files, with no JSON inside JSON', async () => {
    const dir = await makeCorpus(NEWS);
    const dataDir = await tempDataDir();
    await PactIndex.open({ corpusDir: dir, dataDir });
    const indexDir = path.join(dataDir, 'index');
    const entries = await readdir(indexDir, { withFileTypes: true });
    const manifests = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name);
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(manifests).toHaveLength(1);
    expect(folders).toHaveLength(1);
    const manifest = JSON.parse(await readFile(path.join(indexDir, manifests[0] ?? ''), 'utf8'));
    expect(manifest.folder).toBe(folders[0] ?? '');
    const files = (await readdir(path.join(indexDir, folders[0] ?? ''))).sort();
    expect(files).toEqual(['documents.ndjson', 'passages.ndjson', 'quotes.ndjson', 'terms.ndjson']);
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    let documents = 0;
    for (const file of files) {
      const lines = (await readFile(path.join(indexDir, folders[0] ?? '', file), 'utf8')).split('\n').filter(Boolean);
      if (file === 'documents.ndjson') documents = lines.length;
      for (const line of lines) collect(JSON.parse(line));
    }
    expect(documents).toBe(3); // each document stored once
    const jsonInside = strings.filter((text) => /^\s*[[{]/.test(text) && isJson(text));
    expect(jsonInside).toEqual([]);
  });

  it('gives the same answers and quotations when read back as when built', async () => {
    const dir = await makeCorpus(NEWS);
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    const read = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(built.fromCache).toBe(false);
    expect(read.fromCache).toBe(true);
    for (const q of QUESTIONS)
      expect(read.answerQuestion(q, { limit: 5 })).toEqual(built.answerQuestion(q, { limit: 5 }));
    expect(read.answerQuestion('What did Rubio say about huachicol?').answers[0]?.quote).toContain(
      'Huachicol is a crime',
    );
    expect(read.quotes.all()).toEqual(built.quotes.all());
    expect(read.stats()).toEqual(built.stats());
    expect(read.passages()).toEqual(built.passages());
  });

  it('read back, takes added and removed documents exactly as the index it was saved from', async () => {
    const dir = await makeCorpus(NEWS);
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    const read = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(read.fromCache).toBe(true);
    // Shares terms ("tunnel", "border", "fuel") with saved passages whose postings are not read yet.
    const extra = addedDocument('d', 'Tunnels again', '2025-04-01', [
      'More tunnels under the border were found, and fuel theft rose again.',
    ]);
    for (const pact of [built, read]) {
      await pact.addOrReplaceDocument(extra);
      pact.removeDocument('b');
    }
    for (const q of [...QUESTIONS, 'tunnels border', 'fuel theft rose'])
      expect(read.answerQuestion(q, { limit: 5 })).toEqual(built.answerQuestion(q, { limit: 5 }));
    expect(read.answerQuestion('fuel theft rose').answers[0]?.document.id).toBe('d');
    expect(read.stats()).toMatchObject({ documents: 3, passages: 4 });
  });

  it('is ready before its quotations are read, and extracts again a document whose saved quotations are damaged', async () => {
    const dir = await makeCorpus(NEWS);
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    const indexDir = path.join(dataDir, 'index');
    const folder = (await readdir(indexDir, { withFileTypes: true })).find((e) => e.isDirectory())!.name;
    const quotesFile = path.join(indexDir, folder, 'quotes.ndjson');
    const lines = (await readFile(quotesFile, 'utf8')).split('\n');
    lines[0] = (lines[0] ?? '').slice(0, 30); // cut off mid-record
    await writeFile(quotesFile, lines.join('\n'));
    const read = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(read.fromCache).toBe(true);
    await read.quotesReady();
    expect(read.quotes.all()).toEqual(built.quotes.all());
    expect(read.quotes.all().map((q) => q.speaker?.name)).toEqual(['Rubio', 'Sheinbaum']);
  });

  it('is rebuilt, not trusted, when its files are damaged or from an older version', async () => {
    const dir = await makeCorpus(NEWS);
    const dataDir = await tempDataDir();
    const built = await PactIndex.open({ corpusDir: dir, dataDir });
    const indexDir = path.join(dataDir, 'index');
    const folder = (await readdir(indexDir, { withFileTypes: true })).find((e) => e.isDirectory())!.name;
    await writeFile(path.join(indexDir, folder, 'terms.ndjson'), '["tunnel", 1, [0, [1], \n');
    const afterDamage = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(afterDamage.fromCache).toBe(false);
    expect(afterDamage.answerQuestion('Who closed the tunnels?')).toEqual(
      built.answerQuestion('Who closed the tunnels?'),
    );
    expect(afterDamage.stats().passages).toBe(5);

    const manifest = (await readdir(indexDir)).find((n) => n.endsWith('.json'))!;
    await writeFile(
      path.join(indexDir, manifest),
      JSON.stringify({ version: 5, corpusHash: 'x', index: { search: '{}' } }),
    );
    expect((await PactIndex.open({ corpusDir: dir, dataDir })).fromCache).toBe(false);
  });
});

describe('changing one document', () => {
  it('updates the index and the quote book in place: the same book, no rebuild', async () => {
    const dir = await makeCorpus(NEWS);
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    const book = pact.quotes;
    expect(
      book
        .all()
        .map((q) => q.speaker?.name)
        .sort(),
    ).toEqual(['Rubio', 'Sheinbaum']);
    await pact.addOrReplaceDocument(
      addedDocument('d', 'Cartels', '2025-04-01', ['"The cartels will answer for this," Harfuch said.']),
    );
    expect(pact.quotes).toBe(book);
    expect(pact.answerQuestion('What did Harfuch say about the cartels?').answers[0]?.quote).toContain(
      'The cartels will answer',
    );
    pact.removeDocument('b');
    expect(pact.quotes).toBe(book);
    expect(
      book
        .all()
        .map((q) => q.speaker?.name)
        .sort(),
    ).toEqual(['Harfuch', 'Sheinbaum']);
    expect(pact.answerQuestion('Did fuel theft fall?').notFound).toBe(true);
    expect(pact.stats()).toMatchObject({ documents: 3, passages: 4 });
  });
});

describe('candidate retrieval', () => {
  /** 60 passages say "border"; one also says "tunnel"; passages 0–9 also say "closed". */
  function borderIndex(walkBudget: number): PassageIndex {
    const index = PassageIndex.create(new Analyzer());
    index.walkBudget = walkBudget;
    const passages = Array.from({ length: 60 }, (_, i) => ({
      id: `d#${i + 1}`,
      docId: 'd',
      paragraph: i + 1,
      text:
        i === 42
          ? 'The tunnel under the border was closed.'
          : `Report ${i} from the border${i < 10 ? ' crossing was closed' : ''}.`,
    }));
    index.add(passages, 'en', 'News');
    return index;
  }

  it('walking only the rarest terms finds the same best passages with the same scores', () => {
    const terms = ['tunnel', 'border', 'close'];
    const exhaustive = borderIndex(Infinity).candidates(terms, { limit: 5 });
    const pruned = borderIndex(1).candidates(terms, { limit: 5 });
    expect(exhaustive[0]?.id).toBe('d#43');
    expect(pruned[0]).toEqual(exhaustive[0]);
    expect(pruned[0]?.terms.sort()).toEqual(['border', 'close', 'tunnel']);
  });

  it('widens to commoner terms when the rare ones find too few passages', () => {
    const hits = borderIndex(1).candidates(['tunnel', 'border'], { limit: 20 });
    expect(hits).toHaveLength(20);
    expect(hits[0]?.id).toBe('d#43');
  });

  it('keeps a document filter exact', () => {
    const index = borderIndex(1);
    expect(index.candidates(['border'], { documentId: 'other' })).toEqual([]);
    expect(index.candidates(['border'], { documentId: 'd', limit: 100 })).toHaveLength(60);
  });
});

describe('the per-passage memo', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const memo = new BoundedMemo<string, number>(2);
    let made = 0;
    const get = (key: string) => memo.get(key, () => ++made);
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // drops b
    expect(memo.size).toBe(2);
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4); // made again
    expect(made).toBe(4);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('adding a document', () => {
  it('makes it searchable at once and extracts its quotations just after, without being asked', async () => {
    const dir = await makeCorpus(NEWS);
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    const book = pact.quotes;
    expect(book.all()).toHaveLength(2);
    await pact.addOrReplaceDocument(
      addedDocument('d', 'Cartels', '2025-04-01', ['"The cartels will answer for this," Harfuch said.']),
    );
    expect(pact.answerQuestion('Will the cartels answer?').answers[0]?.document.id).toBe('d');
    // The book already in use gets the quotation from the task that follows the add.
    await expect.poll(() => book.all().map((q) => q.speaker?.name)).toContain('Harfuch');
  });
});
