/**
 * `npx tsx bench/cli-batch.ts [NEWS_FILE] [--tsx]`: the news quiz's passages as a corpus (in a
 * temporary folder), every quiz question piped through `pactbot ask` in batch mode, against bare
 * MiniSearch on the same passages. Prints wall times for both, and the answering alone (one
 * process, index loaded) against bare search alone. It measures and reports; it asserts nothing.
 *
 * `pactbot` is the compiled command line (`npm run build`'s `dist/src/cli.js`), built here into
 * the temporary folder first; `--tsx` runs the TypeScript through tsx instead, as earlier rounds
 * measured it (tsx adds about a second of compiling at start).
 */
import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PactIndex } from '../src/pact-index.js';
import { readNewsSet, writeNewsCorpus } from '../src/eval/news-set.js';
import { bareIndex } from './bare-minisearch.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const viaTsx = args.includes('--tsx');
const newsFile = args.find((a) => !a.startsWith('--')) ?? path.resolve(here, '../../shared/eval/news-dev.jsonl');
const set = await readNewsSet(newsFile);
const questions = set.questions.map((q) => q.question.replace(/\s+/g, ' ').trim()).filter(Boolean);
const dir = await mkdtemp(path.join(tmpdir(), 'pactbot-cli-batch-'));
const dataDir = path.join(dir, '.data');

/** Compiles the command line as `npm run build` does, into the temporary folder; its entry point. */
function buildCli(): Promise<string> {
  const outDir = path.join(dir, 'dist');
  const tsc = path.resolve(here, '../node_modules/typescript/bin/tsc');
  const project = path.resolve(here, '../tsconfig.build.json');
  return new Promise((resolve, reject) => {
    // The compiled files find their packages through the folder's own node_modules link.
    symlinkSync(path.resolve(here, '../node_modules'), path.join(dir, 'node_modules'), 'dir');
    const proc = spawn(process.execPath, [tsc, '-p', project, '--outDir', outDir], { stdio: 'inherit' });
    proc.on('error', reject);
    proc.on('exit', (code) =>
      code === 0 ? resolve(path.join(outDir, 'src/cli.js')) : reject(new Error(`tsc exited with ${code}`)),
    );
  });
}

/** Runs `pactbot ask` with the questions on stdin; resolves with the wall time and answers written. */
function cliBatch(entry: string[]): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(process.execPath, [...entry, 'ask', '--corpus', dir], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let lines = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines++;
    });
    proc.on('error', reject);
    proc.on('exit', () => resolve({ ms: performance.now() - start, lines }));
    proc.stdin.end(`${questions.join('\n')}\n`);
  });
}

try {
  await writeNewsCorpus(set, dir, false);
  const built = await PactIndex.open({ corpusDir: dir, dataDir }); // the CLI then starts from this cache
  const passages = built.passages();
  const entry = viaTsx ? ['--import', 'tsx', path.join(here, '../src/cli.ts')] : [await buildCli()];
  const cli = await cliBatch(entry);

  const loadStart = performance.now();
  const pact = await PactIndex.open({ corpusDir: dir, dataDir });
  const loadMs = performance.now() - loadStart;
  const askStart = performance.now();
  for (const q of questions) pact.answerQuestion(q);
  const askMs = performance.now() - askStart;

  const bareStart = performance.now();
  const bare = bareIndex(passages);
  const bareBuildMs = performance.now() - bareStart;
  const searchStart = performance.now();
  for (const q of questions) bare.search(q).slice(0, 40);
  const bareSearchMs = performance.now() - searchStart;

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `news corpus: ${passages.length} passages, ${questions.length} questions; load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `pactbot ask (${viaTsx ? 'through tsx' : 'compiled'}; batch, one process from the saved index): ${s(cli.ms)} wall, ${cli.lines} answers`,
  );
  console.log(
    `bare MiniSearch (build + search, in process): ${s(bareBuildMs + bareSearchMs)}; ratio ${(cli.ms / (bareBuildMs + bareSearchMs)).toFixed(2)}`,
  );
  console.log(
    `answering alone: pactbot ${s(askMs)} (index loaded in ${s(loadMs)}) vs bare search ${s(bareSearchMs)}; ratio ${(askMs / bareSearchMs).toFixed(2)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
