import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../src/cli/run.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await tempDataDir();
});

/** Runs `pactbot` in this process on buffers (the CLI is `runCli(argv, io)`); output as the process would print it. */
async function pactbot(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (text) => void stdout.push(`${text}\n`),
    err: (text) => void stderr.push(`${text}\n`),
    stdin: Object.assign(Readable.from(input === undefined ? [] : [input]), { isTTY: input === undefined }),
    stdoutIsTTY: false,
    env: { DATA_DIR: dataDir, ...env },
  };
  const code = await runCli(args, io);
  return { stdout: stdout.join(''), stderr: stderr.join(''), code };
}

describe('the pactbot executable', () => {
  // One spawned run proves src/cli.ts wires runCli to the process: arguments, standard streams, exit code.
  it('runs as a process, printing to stdout and setting the exit code', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: dataDir, CORPUS_DIR: '' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', '--json', 'What is Mission Firewall?'], { env });
    expect(JSON.parse(stdout).notFound).toBe(false);
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', 'x', '--limit', 'lots'], { env }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit must be a whole number') });
  });
});

describe('pactbot ask', () => {
  it('prints the JSON contract', async () => {
    const { stdout, code } = await pactbot(['ask', 'What is Mission Firewall?', '--json', '--limit', '2', '--corpus', 'corpus']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(Object.keys(answer)).toEqual(['question', 'notFound', 'unknownTerms', 'answers']);
    expect(answer.notFound).toBe(false);
    expect(answer.answers.length).toBeLessThanOrEqual(2);
    const first = answer.answers[0];
    expect(Object.keys(first)).toEqual(['text', 'quote', 'paragraph', 'score', 'document']);
    expect(Object.keys(first.document)).toEqual(['id', 'title', 'author', 'publisher', 'date', 'url']);
    expect(first.text).toContain(first.quote);
    expect(first.quote).not.toMatch(/\*\*/);
    expect(first.paragraph).toBe(2);
  });

  it('exits 0 with notFound and the unknown words when nothing answers', async () => {
    const { stdout, code } = await pactbot(['ask', '--json', 'What did Putin say?']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ question: 'What did Putin say?', notFound: true, unknownTerms: ['putin'], answers: [] });
  });

  it('prints quoted passages with citations for a person', async () => {
    const { stdout } = await pactbot(['ask', 'Who was Calderon’s secretary of public security?']);
    expect(stdout).toMatch(/> .*\*\*Genaro García Luna, the secretary of public security/);
    expect(stdout).toContain('— US Secretary of State Rubio and Mexican President Sheinbaum unveil security pact — World Socialist Web Site, Don Knowland, 8 September 2025, ¶16');
  });

  it('answers questions from standard input as JSON Lines, in order, skipping blank lines', async () => {
    const questions = ['What is Mission Firewall?', '', 'recipe for chocolate cake', 'When did Rubio travel to Mexico and Ecuador?'];
    const many = Array.from({ length: 300 }, (_, i) => questions[i % questions.length]);
    const { stdout, code } = await pactbot(['ask'], many.join('\n') + '\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    const asked = many.filter((q) => q?.trim());
    expect(lines.map((l) => l.question)).toEqual(asked);
    expect(lines[1].notFound).toBe(true);
    expect(lines[2].answers[0].quote).toContain('September 2-4');
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
    const overridden = JSON.parse((await pactbot(['sources', '--json', '--corpus', 'corpus'], undefined, { CORPUS_DIR: dir })).stdout);
    expect(overridden.documents.length).toBeGreaterThan(1);
  });

  it('check exits 0 on the shipped corpus and non-zero naming the bad file', async () => {
    expect((await pactbot(['check'])).code).toBe(0);
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
    const { stdout, code } = await pactbot(['quotes', '--json', '--about', 'each one in his own territory']);
    expect(code).toBe(0);
    const { quotes } = JSON.parse(stdout);
    expect(Object.keys(quotes[0])).toEqual(['text', 'speaker', 'attributed', 'paragraph', 'document']);
    expect(quotes[0]).toMatchObject({ text: 'each one in his own territory', speaker: { name: 'Juan Ramón de la Fuente' }, attributed: true, paragraph: 8 });
    expect(Object.keys(quotes[0].document)).toEqual(['id', 'title', 'date', 'url']);
  });

  it('lists only the quotations of a speaker named any way', async () => {
    const { stdout } = await pactbot(['quotes', '--json', '--speaker', 'secretary rubio']);
    const { quotes } = JSON.parse(stdout);
    expect(quotes.length).toBeGreaterThan(2);
    expect(new Set(quotes.map((q: { speaker: { name: string } }) => q.speaker.name))).toEqual(new Set(['Marco Rubio']));
  });

  it('lists the speakers with counts', async () => {
    const { stdout } = await pactbot(['speakers', '--json']);
    const { speakers } = JSON.parse(stdout);
    const rubio = speakers.find((s: { name: string }) => s.name === 'Marco Rubio');
    expect(rubio.count).toBeGreaterThan(2);
    expect(rubio.variants).toContain('Rubio');
  });
});

describe('index cache', () => {
  it('keeps each --corpus folder apart and rebuilds when a file changes', async () => {
    const dir = await makeCorpus({ 'a.md': corpusFile({ title: 'A', date: '2025-01-01' }, ['The tunnels were closed in March.']) });
    const first = JSON.parse((await pactbot(['ask', '--json', '--corpus', dir, 'tunnels closed'])).stdout);
    expect(first.answers[0].document.id).toBe('a');
    await writeFile(path.join(dir, 'b.md'), corpusFile({ title: 'B', date: '2025-02-01' }, ['Fuel theft fell sharply.']));
    const second = JSON.parse((await pactbot(['ask', '--json', '--corpus', dir, 'fuel theft'])).stdout);
    expect(second.answers[0].document.id).toBe('b');
    // The shipped corpus is unaffected by the other folder's cache.
    const shipped = JSON.parse((await pactbot(['ask', '--json', 'fuel theft'])).stdout);
    expect(shipped.answers.every((a: { document: { id: string } }) => !['a', 'b'].includes(a.document.id))).toBe(true);
  });
});
