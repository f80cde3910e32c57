/**
 * A corpus folder that does not play fair: pipes, devices, huge files, non-documents, symlinks,
 * two files with one id, thousands of files, and an index cache edited by hand.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { readFile, readdir, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { MAX_DOCUMENT_BYTES } from '../src/corpus/read-folder.js';
import { buildAbout } from '../commands/about.js';
import { limitViolations } from '../src/discord/limits.js';
import type { CorpusDocument, CorpusProblem } from '../src/corpus/types.js';
import { watchCorpus, type CorpusWatcher } from '../src/corpus/watch-corpus.js';
import { PactIndex } from '../src/pact-index.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';
import { until } from './helpers/until.js';

const run = promisify(execFile);
const doc = (title: string, text = 'Tunnels under the border were closed.') =>
  corpusFile({ title, date: '2025-01-01' }, [text]);
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

describe('reading the corpus folder', () => {
  it('never opens a FIFO, device or socket, and names each in a problem', async () => {
    const dir = await makeCorpus({ 'good.md': doc('Good') });
    mkfifo(path.join(dir, 'pipe.md')); // opening it for reading would wait for a writer forever
    mkfifo(path.join(dir, 'pipe.bin'));
    await symlink('/dev/zero', path.join(dir, 'zero.md')); // reading it would never end
    const { documents, problems } = await loadCorpus(dir);
    expect(documents.map((d) => d.id)).toEqual(['good']);
    expect(problems).toEqual([
      { file: path.join(dir, 'pipe.md'), field: 'file', reason: 'is a named pipe (FIFO), not a regular file: skipped' },
      { file: path.join(dir, 'zero.md'), field: 'file', reason: 'is a device, not a regular file: skipped' },
    ]);
  });

  it('reports a document file over the size cap by name instead of reading it', async () => {
    const dir = await makeCorpus({ 'good.md': doc('Good'), 'huge.md': '' });
    await truncate(path.join(dir, 'huge.md'), 2.5 * 1024 ** 3); // sparse: 2.5 GB on paper, nothing on disk
    const { documents, problems } = await loadCorpus(dir);
    expect(documents.map((d) => d.id)).toEqual(['good']);
    expect(problems).toEqual([
      {
        file: path.join(dir, 'huge.md'),
        field: 'file',
        reason: `is 2560.0 MB, over the ${MAX_DOCUMENT_BYTES / 1024 / 1024}.0 MB limit for a document file: split it or remove it`,
      },
    ]);
  });

  it('neither reads nor hashes files that are not documents', async () => {
    const dir = await makeCorpus({ 'good.md': doc('Good'), 'notes.bin': 'x', 'video.mp4': '' });
    await truncate(path.join(dir, 'video.mp4'), 2.5 * 1024 ** 3); // reading it would take seconds and 2.5 GB
    const dataDir = await tempDataDir();
    const first = await PactIndex.open({ corpusDir: dir, dataDir });
    expect(first.stats().documents).toBe(1);
    expect(first.problems()).toEqual([]);
    await writeFile(path.join(dir, 'notes.bin'), 'changed'); // not a document: the cache stays valid
    const second = await PactIndex.open({ corpusDir: dir, dataDir, onCacheRejected: () => {} });
    expect(second.fromCache).toBe(true);
  });

  it('follows a symlink to a regular document file at start-up, as the watcher does', async () => {
    const target = await makeCorpus({ 'outside.md': doc('Linked', 'Fuel theft fell sharply.') });
    const dir = await makeCorpus({ 'good.md': doc('Good') });
    await symlink(path.join(target, 'outside.md'), path.join(dir, 'linked.md'));
    const { documents } = await loadCorpus(dir);
    expect(documents.map((d) => d.id)).toEqual(['good', 'linked']);
  });

  it('reports two files with one id instead of merging them; the first by name is loaded', async () => {
    const dir = await makeCorpus({
      'dup-id.md': doc('From md'),
      'dup-id.txt': doc('From txt'),
      'other.md': doc('Other'),
    });
    const { documents, problems } = await loadCorpus(dir);
    expect(documents.map((d) => [d.id, d.meta.title])).toEqual([
      ['dup-id', 'From md'],
      ['other', 'Other'],
    ]);
    expect(problems).toEqual([
      {
        file: path.join(dir, 'dup-id.txt'),
        field: 'file name',
        reason:
          'gives the document id "dup-id", which dup-id.md already has: rename or remove one of them (this one is not loaded)',
      },
    ]);
    const pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
    expect(pact.problems()).toEqual(problems);
    const about = buildAbout(pact);
    expect(about.embeds![0]?.fields!.find((f) => f.name === 'Skipped files')!.value).toBe(
      '• `dup-id.txt` file name gives the document id "dup-id", which dup-id.md already has: rename or remove one of them (this one is not loaded)',
    );
  });

  it('/about names as many skipped files as fit, then counts the rest', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`bad-${i}.md`] = 'no front matter';
    const pact = await PactIndex.open({ corpusDir: await makeCorpus(files), dataDir: await tempDataDir() });
    const about = buildAbout(pact);
    expect(limitViolations(about)).toEqual([]);
    const value = about.embeds![0]?.fields!.find((f) => f.name === 'Skipped files')!.value;
    expect(value).toMatch(/^• `bad-0\.md` front matter is missing/);
    expect(value).toMatch(/\n…and \d+ more \(see the bot's logs\)$/);
  });

  it('pactbot check names the duplicate and the pipe, and exits non-zero', async () => {
    const dir = await makeCorpus({ 'dup-id.md': doc('From md'), 'dup-id.txt': doc('From txt') });
    mkfifo(path.join(dir, 'pipe.md'));
    const result = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check', '--corpus', dir]).catch(
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stderr).toContain(
      `${path.join(dir, 'dup-id.txt')}: file name gives the document id "dup-id", which dup-id.md already has`,
    );
    expect(result.stderr).toContain(`${path.join(dir, 'pipe.md')}: file is a named pipe (FIFO)`);
    expect(result.stdout).toContain('1 documents loaded, 2 problems');
  }, 30_000);

  it('reads 2,768 files with at most 1024 descriptors open', async () => {
    const dir = await makeCorpus({});
    for (let i = 0; i < 2768; i++)
      fs.writeFileSync(path.join(dir, `doc-${String(i).padStart(4, '0')}.md`), doc(`Doc ${i}`));
    const script = `import { readCorpusFolder } from './src/corpus/read-folder.ts';
const { files, problems } = await readCorpusFolder(${JSON.stringify(dir)});
console.log(files.length, problems.length);`;
    const { stdout } = await run('bash', [
      '-c',
      `ulimit -n 1024 && exec "${process.execPath}" --import tsx --input-type=module -e "$0"`,
      script,
    ]);
    expect(stdout.trim()).toBe('2768 0');
  }, 60_000);
});

describe('the index cache, read back', () => {
  /** A corpus of one document with its saved index: the manifest and its folder of record files. */
  async function builtCache() {
    const dir = await makeCorpus({ 'a.md': doc('A', 'Tunnels under the border were closed.') });
    const dataDir = await tempDataDir();
    await PactIndex.open({ corpusDir: dir, dataDir });
    const indexDir = path.join(dataDir, 'index');
    const manifestFile = path.join(
      indexDir,
      (await readdir(indexDir)).find((name) => name.endsWith('.json'))!,
    );
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    const records = path.join(indexDir, manifest.folder);
    return {
      dir,
      dataDir,
      manifestFile,
      manifest,
      documentsFile: path.join(records, 'documents.ndjson'),
      termsFile: path.join(records, 'terms.ndjson'),
    };
  }

  async function reopen(dir: string, dataDir: string) {
    const warnings: string[] = [];
    const pact = await PactIndex.open({ corpusDir: dir, dataDir, onCacheRejected: (w) => warnings.push(w) });
    return { pact, warnings };
  }

  it('rebuilds with a warning when the cache has the right version and hash but the wrong shape', async () => {
    const { dir, dataDir, manifestFile, manifest } = await builtCache();
    await writeFile(manifestFile, JSON.stringify({ ...manifest, problems: 'none' }));
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/has the wrong shape \(problems: .+\): rebuilding it$/);
    expect(pact.answerQuestion('border tunnels').answers[0]?.text).toBe('Tunnels under the border were closed.');
  });

  it('rebuilds with a warning when a saved document has the wrong shape', async () => {
    const { dir, dataDir, documentsFile } = await builtCache();
    await writeFile(documentsFile, `${JSON.stringify({ id: 'a', paragraphs: 'not a list' })}\n`);
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings[0]).toMatch(/could not be loaded \(a saved document has the wrong shape .+\): rebuilding it$/);
    expect(pact.answerQuestion('border tunnels').answers[0]?.text).toBe('Tunnels under the border were closed.');
  });

  it('rebuilds when the saved search index is garbage', async () => {
    const { dir, dataDir, termsFile } = await builtCache();
    await writeFile(termsFile, '{not json\n');
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings[0]).toMatch(/could not be loaded .*: rebuilding it$/);
  });

  it('never quotes words that are in no corpus file: edited passage text discards the cache', async () => {
    const { dir, dataDir, documentsFile } = await builtCache();
    const saved = JSON.parse((await readFile(documentsFile, 'utf8')).trim());
    saved.paragraphs[0] = 'Tunnels under the border were opened to all traffic.';
    await writeFile(documentsFile, `${JSON.stringify(saved)}\n`);
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings[0]).toContain('does not match the corpus files (a ¶1: its text is not in the document file)');
    expect(pact.answerQuestion('border tunnels').answers[0]?.text).toBe('Tunnels under the border were closed.');
    // The rebuilt cache is good again.
    expect((await PactIndex.open({ corpusDir: dir, dataDir })).fromCache).toBe(true);
  });

  it('never quotes outside a corpus file: a saved paragraph placed beyond its file discards the cache', async () => {
    const { dir, dataDir, documentsFile } = await builtCache();
    const saved = JSON.parse((await readFile(documentsFile, 'utf8')).trim());
    saved.paragraphs[0] = [0, 1_000_000];
    await writeFile(documentsFile, `${JSON.stringify(saved)}\n`);
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings[0]).toContain('does not match the corpus files (a ¶1: its place is outside the document file)');
    expect(pact.answerQuestion('border tunnels').answers[0]?.text).toBe('Tunnels under the border were closed.');
  });

  it('rebuilds with a warning when the cache is not JSON at all', async () => {
    const { dir, dataDir, manifestFile } = await builtCache();
    await writeFile(manifestFile, '\u0000garbage');
    const { pact, warnings } = await reopen(dir, dataDir);
    expect(pact.fromCache).toBe(false);
    expect(warnings[0]).toMatch(/is unreadable .*: rebuilding it$/);
  });
});

describe('watching the corpus folder with the start-up rules', () => {
  let watcher: CorpusWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  async function watch(dir: string, known: Pick<CorpusDocument, 'id' | 'file'>[]) {
    const seen = {
      documents: [] as { id: string; title: string; kind: string }[],
      problems: [] as CorpusProblem[],
      removed: [] as string[],
    };
    watcher = watchCorpus(dir, {
      onDocument: (d, kind) => void seen.documents.push({ id: d.id, title: d.meta.title, kind }),
      onProblem: (p) => void seen.problems.push(p),
      onRemoved: (id) => void seen.removed.push(id),
      known,
      stabilityMs: 100,
      pollIntervalMs: 25,
    });
    await watcher.ready;
    return seen;
  }

  it('reports a second file with a loaded id, and deleting either keeps the document', async () => {
    const dir = await makeCorpus({ 'dup-id.md': doc('From md') });
    const seen = await watch(dir, [{ id: 'dup-id', file: path.join(dir, 'dup-id.md') }]);
    await writeFile(path.join(dir, 'dup-id.txt'), doc('From txt'));
    await until(() => seen.problems.length > 0, 4000);
    expect(seen.problems[0]).toMatchObject({ file: path.join(dir, 'dup-id.txt'), field: 'file name' });
    expect(seen.documents).toEqual([]); // not loaded over the first

    await unlink(path.join(dir, 'dup-id.md'));
    await until(() => seen.documents.length > 0, 4000);
    expect(seen.documents).toEqual([{ id: 'dup-id', title: 'From txt', kind: 'changed' }]);
    expect(seen.removed).toEqual([]);
  });

  it('deleting the duplicate that was never loaded does not drop the loaded document', async () => {
    const dir = await makeCorpus({
      'dup-id.md': doc('From md'),
      'dup-id.txt': doc('From txt'),
      'flag.md': doc('Flag'),
    });
    const seen = await watch(dir, [
      { id: 'dup-id', file: path.join(dir, 'dup-id.md') },
      { id: 'flag', file: path.join(dir, 'flag.md') },
    ]);
    await unlink(path.join(dir, 'dup-id.txt'));
    await unlink(path.join(dir, 'flag.md')); // a later event, to know the first was handled
    await until(() => seen.removed.length > 0, 4000);
    expect(seen.removed).toEqual(['flag']);
  });

  it('skips a symlink to a device or a FIFO appearing while running, naming it', async () => {
    const dir = await makeCorpus({});
    const seen = await watch(dir, []);
    await symlink('/dev/zero', path.join(dir, 'zero.md'));
    await until(() => seen.problems.length > 0, 4000);
    expect(seen.problems).toEqual([
      {
        file: path.join(fs.realpathSync(dir), 'zero.md'),
        field: 'file',
        reason: 'is a device, not a regular file: skipped',
      },
    ]);
    expect(seen.documents).toEqual([]);
  });
});

describe('aliases.yml', () => {
  it('is never opened when it is a pipe: the problem names it instead of hanging', async () => {
    const dir = await makeCorpus({ 'good.md': doc('Good') });
    mkfifo(path.join(dir, 'aliases.yml'));
    await expect(PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() })).rejects.toThrow(
      `${path.join(dir, 'aliases.yml')} is a named pipe (FIFO), not a regular file: skipped`,
    );
  });
});
