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
import { readFileSync, symlinkSync } from 'node:fs';
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

/**
 * CPU time of this process's finished children in ms (Linux's /proc/self/stat cutime + cstime, in
 * 1/100 s), or NaN elsewhere. On a shared machine CPU time says more than wall time: the two
 * sides run at different moments, under different loads.
 */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** This process's CPU time in ms since `since` (a `process.cpuUsage()`). */
const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** Runs `pactbot ask` with the questions on stdin; resolves with the wall and CPU time and answers written. */
function cliBatch(entry: string[]): Promise<{ ms: number; cpuMs: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const cpuStart = childrenCpuMs();
    const proc = spawn(process.execPath, [...entry, 'ask', '--corpus', dir], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let lines = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines++;
    });
    proc.on('error', reject);
    proc.on('exit', () => resolve({ ms: performance.now() - start, cpuMs: childrenCpuMs() - cpuStart, lines }));
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
  const askCpu = process.cpuUsage();
  for (const q of questions) pact.answerQuestion(q);
  const askMs = performance.now() - askStart;
  const askCpuMs = cpuMsSince(askCpu);

  const bareStart = performance.now();
  const bareCpu = process.cpuUsage();
  const bare = bareIndex(passages);
  const bareBuildMs = performance.now() - bareStart;
  const searchStart = performance.now();
  const searchCpu = process.cpuUsage();
  for (const q of questions) bare.search(q).slice(0, 40);
  const bareSearchMs = performance.now() - searchStart;
  const bareSearchCpuMs = cpuMsSince(searchCpu);
  const bareCpuMs = cpuMsSince(bareCpu);

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
  console.log(
    `CPU time: pactbot ask ${s(cli.cpuMs)} vs bare build + search ${s(bareCpuMs)}, ratio ${(cli.cpuMs / bareCpuMs).toFixed(2)}; answering alone ${s(askCpuMs)} vs bare search ${s(bareSearchCpuMs)}, ratio ${(askCpuMs / bareSearchCpuMs).toFixed(2)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
