import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusDocument, CorpusProblem } from '../src/corpus/types.js';
import { isTemporaryFile, watchCorpus, type CorpusWatcher } from '../src/corpus/watch-corpus.js';
import { until as waitUntil } from './helpers/until.js';

const GOOD = (title: string, body = 'The Security Implementation Group met in Washington on Friday.') =>
  `---\ntitle: "${title}"\ndate: 2025-10-03\nlanguage: en\n---\n\n${body}\n\nA second paragraph follows here.\n`;

// Each file keeps its own time limit.
const until = (check: () => boolean, timeoutMs = 4000) => waitUntil(check, timeoutMs);

let dir: string;
let watcher: CorpusWatcher;
let documents: { doc: CorpusDocument; kind: string }[];
let problems: CorpusProblem[];
let removed: string[];
let configs: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-watch-'));
  fs.writeFileSync(path.join(dir, 'existing.md'), GOOD('Existing'));
  documents = [];
  problems = [];
  removed = [];
  configs = [];
  watcher = watchCorpus(dir, {
    onDocument: (doc, kind) => void documents.push({ doc, kind }),
    onProblem: (p) => void problems.push(p),
    onRemoved: (id) => void removed.push(id),
    onConfigChanged: (name) => void configs.push(name),
    known: [{ id: 'existing', file: path.join(dir, 'existing.md') }],
    stabilityMs: 150,
    pollIntervalMs: 25,
  });
  await watcher.ready;
});
afterEach(async () => {
  await watcher.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('watchCorpus', () => {
  it('picks up a dropped file once it is fully written', async () => {
    const file = path.join(dir, 'new-doc.md');
    // Written in two parts with a pause: only the finished file is read.
    const text = GOOD('New document');
    fs.writeFileSync(file, text.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 60));
    fs.appendFileSync(file, text.slice(40));
    await until(() => documents.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(documents).toHaveLength(1);
    expect(documents[0].kind).toBe('added');
    expect(documents[0].doc).toMatchObject({ id: 'new-doc', meta: { title: 'New document', date: '2025-10-03' } });
    expect(problems).toEqual([]);

    fs.writeFileSync(file, GOOD('New document, corrected'));
    await until(() => documents.length > 1);
    expect(documents[1]).toMatchObject({ kind: 'changed', doc: { meta: { title: 'New document, corrected' } } });
  });

  it('reports a changed known document as changed', async () => {
    fs.writeFileSync(path.join(dir, 'existing.md'), GOOD('Existing, updated'));
    await until(() => documents.length > 0);
    expect(documents[0]).toMatchObject({ kind: 'changed', doc: { id: 'existing' } });
  });

  it('reports a bad file and never announces it', async () => {
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: ""\ndate: someday\n---\n\nText.\n');
    fs.writeFileSync(path.join(dir, 'no-front-matter.md'), 'Just text.\n');
    await until(() => problems.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(documents).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: path.join(dir, 'bad.md'), field: 'title' }),
        expect.objectContaining({ file: path.join(dir, 'bad.md'), field: 'date' }),
        expect.objectContaining({ file: path.join(dir, 'no-front-matter.md'), field: 'front matter' }),
      ]),
    );
    // Fixing it makes it a document.
    fs.writeFileSync(path.join(dir, 'bad.md'), GOOD('Fixed'));
    await until(() => documents.length > 0);
    expect(documents[0]).toMatchObject({ doc: { id: 'bad', meta: { title: 'Fixed' } } });
  });

  it('ignores non-document files and reports config files separately', async () => {
    fs.writeFileSync(path.join(dir, '.hidden.md'), GOOD('Hidden'));
    fs.writeFileSync(path.join(dir, 'draft.md.tmp'), GOOD('Temp'));
    fs.writeFileSync(path.join(dir, 'draft.md~'), GOOD('Backup'));
    fs.writeFileSync(path.join(dir, 'notes.json'), '{}');
    fs.writeFileSync(path.join(dir, 'feeds.yml'), 'feeds: []\n');
    fs.writeFileSync(path.join(dir, 'aliases.yml'), '- [A, B]\n');
    await until(() => configs.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(configs.sort()).toEqual(['aliases.yml', 'feeds.yml']);
    expect(documents).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('reports removals', async () => {
    fs.unlinkSync(path.join(dir, 'existing.md'));
    await until(() => removed.length > 0);
    expect(removed).toEqual(['existing']);
  });

  it('recognizes temporary names', () => {
    for (const name of ['.x.md', 'x.md.tmp', 'x.md~', '~$x.md', 'x.swp', '4913', 'x.crdownload']) expect(isTemporaryFile(name)).toBe(true);
    expect(isTemporaryFile('2025-09-03-communique.md')).toBe(false);
  });
});
