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
let barriers = 0;

/**
 * Waits until the watcher has handled everything written so far, without sleeping: writes one more
 * document and waits for it. Files settle in the order they were last written, so any late event for
 * an earlier file arrives before the barrier does.
 */
async function settled(): Promise<void> {
  const id = `barrier-${++barriers}`;
  fs.writeFileSync(path.join(dir, `${id}.md`), GOOD('Barrier'));
  await until(() => documents.some((d) => d.doc.id === id));
}
/** The documents announced, barriers left out. */
const seen = () => documents.filter((d) => !d.doc.id.startsWith('barrier-'));

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
    await settled();
    expect(seen()).toHaveLength(1);
    expect(seen()[0]?.kind).toBe('added');
    expect(seen()[0]?.doc).toMatchObject({ id: 'new-doc', meta: { title: 'New document', date: '2025-10-03' } });
    expect(problems).toEqual([]);

    fs.writeFileSync(file, GOOD('New document, corrected'));
    await until(() => seen().length > 1);
    expect(seen()[1]).toMatchObject({ kind: 'changed', doc: { meta: { title: 'New document, corrected' } } });
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
    await settled();
    expect(seen()).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: path.join(dir, 'bad.md'), field: 'title' }),
        expect.objectContaining({ file: path.join(dir, 'bad.md'), field: 'date' }),
        expect.objectContaining({ file: path.join(dir, 'no-front-matter.md'), field: 'front matter' }),
      ]),
    );
    // Fixing it makes it a document.
    fs.writeFileSync(path.join(dir, 'bad.md'), GOOD('Fixed'));
    await until(() => seen().length > 0);
    expect(seen()[0]).toMatchObject({ doc: { id: 'bad', meta: { title: 'Fixed' } } });
  });

  it('ignores non-document files and reports config files separately', async () => {
    fs.writeFileSync(path.join(dir, '.hidden.md'), GOOD('Hidden'));
    fs.writeFileSync(path.join(dir, 'draft.md.tmp'), GOOD('Temp'));
    fs.writeFileSync(path.join(dir, 'draft.md~'), GOOD('Backup'));
    fs.writeFileSync(path.join(dir, 'notes.json'), '{}');
    fs.writeFileSync(path.join(dir, 'feeds.yml'), 'feeds: []\n');
    fs.writeFileSync(path.join(dir, 'aliases.yml'), '- [A, B]\n');
    await until(() => configs.length >= 2);
    await settled();
    expect(configs.sort()).toEqual(['aliases.yml', 'feeds.yml']);
    expect(seen()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('reports removals', async () => {
    fs.unlinkSync(path.join(dir, 'existing.md'));
    await until(() => removed.length > 0);
    expect(removed).toEqual(['existing']);
  });

  it('recognizes temporary names', () => {
    for (const name of ['.x.md', 'x.md.tmp', 'x.md~', '~$x.md', 'x.swp', '4913', 'x.crdownload'])
      expect(isTemporaryFile(name)).toBe(true);
    expect(isTemporaryFile('2025-09-03-communique.md')).toBe(false);
  });
});
