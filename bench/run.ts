/**
 * `npm run bench [-- --sizes 100,1000,10000] [--questions 500] [--timeout 900]`: how fast pactbot
 * is at scale. For each size it writes a deterministic synthetic corpus (bench/synthetic-corpus.ts)
 * in a temporary folder, builds the index in one process, then starts from the saved index in a
 * fresh process and measures memory, /ask latency (whole pipeline and bare MiniSearch on the same
 * passages), the Discord stand-in end to end at 1, 10 and 50 concurrent /ask, the quote book and
 * adding/removing a document. It prints a table and writes bench/results.json and bench/results.md.
 * It measures and reports; it asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchQuestions, readSourceText, writeSyntheticCorpus } from './synthetic-corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value || fallback;
};
const sizes = arg('sizes', '100,1000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const questionCount = Number(arg('questions', '500'));
/** Seconds one measuring process may run; figures not reached by then are reported missing. */
const timeoutSeconds = Number(arg('timeout', '2400'));
/** Seconds the quote book (the last step) may take before its figures are reported missing. */
const quoteSeconds = Number(arg('quote-timeout', '180'));
/** From this size on, the build times the search index alone (quotations extracted on first use). */
const deferQuotesFrom = Number(arg('defer-quotes-from', 'Infinity'));
/** The news quiz file: NEWS_EVAL_FILE, else ../shared/eval/ beside the repository (or beside a worktree's parent). */
const newsFile =
  process.env.NEWS_EVAL_FILE ??
  [
    path.resolve(here, '../../shared/eval/news-dev.jsonl'),
    path.resolve(here, '../../../shared/eval/news-dev.jsonl'),
  ].find(existsSync);

type Results = Record<string, unknown>;

/** Runs bench/measure.ts in a fresh Node process and collects its RESULT lines. */
function child(args: string[], env: Record<string, string> = {}): Promise<Results> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'measure.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    const results: Results = {};
    let buffer = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('RESULT ')) continue;
        const { key, value } = JSON.parse(line.slice(7)) as { key: string; value: unknown };
        results[key] = value;
        process.stderr.write(`  ${key}: ${JSON.stringify(value)}\n`);
        // The quote book is last: its naming is not ours to speed up here, so cap its time.
        if (key === 'bare') setTimeout(() => stop('quoteBookTimedOut'), quoteSeconds * 1000).unref();
      }
    });
    const stop = (reason: string) => {
      if (proc.exitCode !== null) return;
      results[reason] = true;
      proc.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timedOut'), timeoutSeconds * 1000);
    proc.on('exit', () => {
      clearTimeout(timer);
      resolve(results);
    });
  });
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

const source = await readSourceText(path.resolve(here, '../corpus'), newsFile);
const questions = benchQuestions(source, questionCount);
const work = await mkdtemp(path.join(tmpdir(), 'pactbot-bench-'));
const questionsFile = path.join(work, 'questions.json');
await writeFile(questionsFile, JSON.stringify(questions));

const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  freeGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
  node: process.version,
  loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  date: new Date().toISOString(),
  sentences: source.sentences.length,
  newsEvidence: source.newsQuestions.length > 0,
};
console.error(
  `bench: sizes ${sizes.join(', ')}; ${questions.length} questions; ${source.sentences.length} source sentences`,
);

const rows: Results[] = [];
try {
  for (const size of sizes) {
    console.error(`\n${size} documents`);
    const corpusDir = path.join(work, `corpus-${size}`);
    const dataDir = path.join(work, `data-${size}`);
    await writeSyntheticCorpus(corpusDir, size, source);
    const built = await child(
      ['build', corpusDir, dataDir],
      size >= deferQuotesFrom ? { BENCH_DEFER_QUOTES: '1' } : {},
    );
    const savedBytes = await folderBytes(path.join(dataDir, 'index')).catch(() => 0);
    const measured = await child(['measure', corpusDir, dataDir, questionsFile]);
    rows.push({
      size,
      ...built,
      savedMiB: Math.round((savedBytes / 2 ** 20) * 10) / 10,
      ...measured,
      loadAverage: loadavg().map((n) => Math.round(n * 10) / 10),
      date: new Date().toISOString(),
    });
    await rm(corpusDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

// Sizes not run this time keep their last figures (each row carries its own date and load).
const resultsFile = path.join(here, 'results.json');
const previous = existsSync(resultsFile)
  ? ((JSON.parse(await readFile(resultsFile, 'utf8')) as { rows?: Results[] }).rows ?? [])
  : [];
const allRows = [...previous.filter((r) => !sizes.includes(Number(r.size))), ...rows].sort(
  (a, b) => Number(a.size) - Number(b.size),
);
const markdown = toMarkdown(allRows, machine);
console.log(markdown);
await writeFile(resultsFile, `${JSON.stringify({ machine, questions: questions.length, rows: allRows }, null, 2)}\n`);
await writeFile(path.join(here, 'results.md'), markdown);

function toMarkdown(rows: Results[], m: typeof machine): string {
  type P = { p50: number; p95: number; p99: number } | undefined;
  const ms = (n: unknown) => (typeof n === 'number' ? (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`) : '—');
  const pct = (p: unknown) => (p ? `${(p as P)!.p50} / ${(p as P)!.p95} / ${(p as P)!.p99}` : '—');
  const ratio = (a: unknown, b: unknown) => {
    if (!a || !b) return '—';
    const x = a as NonNullable<P>;
    const y = b as NonNullable<P>;
    return `${(x.p50 / y.p50).toFixed(2)} / ${(x.p95 / y.p95).toFixed(2)} / ${(x.p99 / y.p99).toFixed(2)}`;
  };
  const lines = [
    `Machine: ${m.cpus}, ${m.memoryGiB} GiB, Node ${m.node}; shared with other work: load average per row below (1, 5, 15 min, at the row's end).`,
    `Questions: ${questions.length} fixed ${m.newsEvidence ? 'news quiz questions' : 'questions made from corpus sentences'}; latencies in ms as p50 / p95 / p99.`,
    '',
    '| documents (passages) | load average | build | saved | start from cache | RSS after load; with the quote book | ask | bare MiniSearch | ask ÷ bare | "what did X say about Y" | quote book ready after start, in the background (longest turn) | add / remove a document | quotations of an added document (extraction; book shows it) | stand-in /ask ×1 | ×10 | ×50 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows
      .map((r) =>
        [
          `${Number(r.size).toLocaleString('en')} (${Number(r.passages ?? 0).toLocaleString('en')})`,
          Array.isArray(r.loadAverage) ? r.loadAverage.join(' ') : '—',
          `${ms(r.buildMs)}${r.buildDeferredQuotes ? ' (search index only)' : ''}`,
          `${r.savedMiB} MiB`,
          ms(r.startMs),
          r.rssMiB ? `${r.rssMiB} MiB${r.rssReadyMiB ? `; ${r.rssReadyMiB} MiB` : ''}` : '—',
          pct(r.ask),
          pct(r.bare),
          ratio(r.ask, r.bare),
          pct(r.speakerAsk),
          r.quotesReadyMs !== undefined
            ? `${ms(r.quotesReadyMs)} (${ms(r.longestTurnMs)})`
            : r.quoteBookMs !== undefined
              ? ms(r.quoteBookMs)
              : r.quoteBookTimedOut
                ? `> ${quoteSeconds} s`
                : '—',
          `${ms(r.addMs)} / ${ms(r.removeMs)}`,
          `${ms(r.extractMs)}; ${ms(r.bookAfterAddMs)}`,
          pct(r.e2e1),
          pct(r.e2e10),
          pct(r.e2e50),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
  ];
  return lines.join('\n');
}
