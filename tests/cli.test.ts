import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { pactbot } from './helpers/cli.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';
import { DE_LA_FUENTE_QUOTED, makeTalksCorpus, RUBIO_QUOTED, TALKS } from './helpers/talks-corpus.js';

let talks: string;
beforeAll(async () => {
  talks = await makeTalksCorpus();
});

describe('the pactbot executable', () => {
  // One spawned run proves src/cli.ts wires runCli to the process: arguments, standard streams, exit code.
  it('runs as a process, printing to stdout and setting the exit code', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: await tempDataDir(), CORPUS_DIR: talks };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'ask', '--json', 'What did Rubio say about cooperation?'],
      { env },
    );
    expect(JSON.parse(stdout).notFound).toBe(false);
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', 'x', '--limit', 'lots'], {
      env,
    }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit must be a whole number') });
  });
});

describe('pactbot ask', () => {
  it('prints the JSON contract', async () => {
    const { stdout, code } = await pactbot([
      'ask',
      'What did de la Fuente say about territory?',
      '--json',
      '--limit',
      '2',
      '--corpus',
      talks,
    ]);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(Object.keys(answer)).toEqual(['question', 'notFound', 'unknownTerms', 'answers']);
    expect(answer.notFound).toBe(false);
    expect(answer.answers.length).toBeLessThanOrEqual(2);
    const first = answer.answers[0];
    expect(Object.keys(first)).toEqual(['text', 'quote', 'paragraph', 'score', 'document']);
    expect(Object.keys(first.document)).toEqual(['id', 'title', 'author', 'publisher', 'date', 'url']);
    expect(first).toMatchObject({
      text: TALKS[DE_LA_FUENTE_QUOTED - 1],
      quote: TALKS[DE_LA_FUENTE_QUOTED - 1],
      paragraph: DE_LA_FUENTE_QUOTED,
    });
    expect(first.document).toMatchObject({
      id: 'talks',
      title: 'Ministers meet on border security',
      publisher: 'Test Wire',
      date: '2025-09-03',
    });
  });

  it('exits 0 with notFound and the unknown words when nothing answers', async () => {
    const { stdout, code } = await pactbot(['ask', '--json', '--corpus', talks, 'What did Putin say?']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      question: 'What did Putin say?',
      notFound: true,
      unknownTerms: ['putin'],
      answers: [],
    });
  });

  it('prints quoted passages with citations for a person', async () => {
    const { stdout } = await pactbot(['ask', '--corpus', talks, 'What did de la Fuente say about territory?']);
    expect(stdout).toMatch(
      /^1\.\n {2}> \*\*But "each one in his own territory," de la Fuente quickly stressed\.\*\*\n/,
    );
    expect(stdout).toContain(
      '    — Ministers meet on border security — Test Wire, 3 September 2025, ¶4\n    https://news.example/talks\n',
    );
  });

  it('answers questions from standard input as JSON Lines, in order, skipping blank lines', async () => {
    const questions = [
      'What did Rubio say about cooperation?',
      '',
      'recipe for chocolate cake',
      'When did Rubio meet de la Fuente?',
    ];
    const many = Array.from({ length: 300 }, (_, i) => questions[i % questions.length]);
    const { stdout, code } = await pactbot(['ask', '--corpus', talks], many.join('\n') + '\n');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const asked = many.filter((q) => q?.trim());
    expect(lines.map((l) => l.question)).toEqual(asked);
    expect(lines[1].notFound).toBe(true);
    expect(lines[2].answers[0].quote).toBe(TALKS[0]); // "met … in Mexico City on Wednesday"
  });

  it('explains a bad option', async () => {
    const { stderr, code } = await pactbot(['ask', 'x', '--limit', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toContain('--limit must be a whole number');
  });
});

describe('pactbot sources and check', () => {
  it('lists the documents newest first with passage counts', async () => {
    const dir = await makeCorpus({
      'older.md': corpusFile({ title: 'Older', date: '2025-01-01' }, ['One.', 'Two.']),
      'newer.md': corpusFile({ title: 'Newer', date: '2025-03-01' }, ['Three.']),
    });
    const { stdout } = await pactbot(['sources', '--json', '--corpus', dir]);
    const { documents } = JSON.parse(stdout);
    expect(documents.map((d: { title: string; passages: number }) => [d.title, d.passages])).toEqual([
      ['Newer', 1],
      ['Older', 2],
    ]);
  });

  it('reads CORPUS_DIR from the environment as the bot does, --corpus overriding it', async () => {
    const dir = await makeCorpus({ 'only.md': corpusFile({ title: 'Only one', date: '2025-01-01' }, ['Text.']) });
    const fromEnv = JSON.parse((await pactbot(['sources', '--json'], undefined, { CORPUS_DIR: dir })).stdout);
    expect(fromEnv.documents.map((d: { title: string }) => d.title)).toEqual(['Only one']);
    const overridden = JSON.parse(
      (await pactbot(['sources', '--json', '--corpus', talks], undefined, { CORPUS_DIR: dir })).stdout,
    );
    expect(overridden.documents.map((d: { title: string }) => d.title)).toEqual([
      'Joint statement on the security group',
      'Ministers meet on border security',
    ]);
  });

  it('regression: the shipped corpus/ passes check', async () => {
    expect((await pactbot(['check'])).code).toBe(0);
  });

  it('check exits 0 on a clean corpus and non-zero naming the bad file', async () => {
    expect((await pactbot(['check', '--corpus', talks])).code).toBe(0);
    const dir = await makeCorpus({
      'ok.md': corpusFile({ title: 'Fine', date: '2025-01-01' }, ['Text.']),
      'broken.md': corpusFile({ title: 'No good', date: '2025-01-01', language: 'fr' }, ['Texte.']),
    });
    const { code, stderr, stdout } = await pactbot(['check', '--corpus', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path.join(dir, 'broken.md')}: language`);
    expect(stdout).toContain('1 documents loaded, 1 problem');
  });
});

describe('pactbot quotes and speakers', () => {
  it('prints the quotes JSON contract, finding who said a phrase', async () => {
    const { stdout, code } = await pactbot([
      'quotes',
      '--json',
      '--corpus',
      talks,
      '--about',
      'each one in his own territory',
    ]);
    expect(code).toBe(0);
    const { quotes } = JSON.parse(stdout);
    expect(Object.keys(quotes[0])).toEqual(['text', 'speaker', 'attributed', 'paragraph', 'document']);
    expect(quotes[0]).toMatchObject({
      text: 'each one in his own territory',
      speaker: { name: 'Juan Ramón de la Fuente' },
      attributed: true,
      paragraph: DE_LA_FUENTE_QUOTED,
    });
    expect(Object.keys(quotes[0].document)).toEqual(['id', 'title', 'date', 'url']);
  });

  it('lists only the quotations of a speaker named any way', async () => {
    const { stdout } = await pactbot(['quotes', '--json', '--corpus', talks, '--speaker', 'secretary rubio']);
    const { quotes } = JSON.parse(stdout);
    expect(quotes.map((q: { speaker: { name: string }; paragraph: number }) => [q.speaker.name, q.paragraph])).toEqual(
      RUBIO_QUOTED.map((p) => ['Marco Rubio', p]),
    );
  });

  it('lists the speakers with counts', async () => {
    const { stdout } = await pactbot(['speakers', '--json', '--corpus', talks]);
    const { speakers } = JSON.parse(stdout);
    const rubio = speakers.find((s: { name: string }) => s.name === 'Marco Rubio');
    expect(rubio).toMatchObject({ role: 'Secretary of State', count: RUBIO_QUOTED.length });
    expect(rubio.variants).toEqual(expect.arrayContaining(['Marco Rubio', 'Rubio']));
    expect(speakers.find((s: { name: string }) => s.name === 'Juan Ramón de la Fuente')).toMatchObject({ count: 1 });
  });
});

describe('index cache', () => {
  it('keeps each --corpus folder apart and rebuilds when a file changes', async () => {
    const dir = await makeCorpus({
      'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['The tunnels were closed in March.']),
    });
    const first = JSON.parse((await pactbot(['ask', '--json', '--corpus', dir, 'tunnels closed'])).stdout);
    expect(first.answers[0].document.id).toBe('a');
    await writeFile(
      path.join(dir, 'b.md'),
      corpusFile({ title: 'B', date: '2025-02-01' }, ['Fuel theft fell sharply.']),
    );
    const second = JSON.parse((await pactbot(['ask', '--json', '--corpus', dir, 'fuel theft'])).stdout);
    expect(second.answers[0].document.id).toBe('b');
    // Another folder is unaffected by this folder's cache.
    const other = JSON.parse((await pactbot(['ask', '--json', '--corpus', talks, 'fuel theft'])).stdout);
    expect(other.notFound).toBe(true);
  });
});
