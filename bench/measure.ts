/**
 * One benchmark process (run by bench/run.ts, a fresh process per step so memory and start-up
 * are measured cold). Prints one `RESULT {json}` line per figure as soon as it is measured, so
 * the parent keeps every figure finished before a time limit stops the process.
 *
 *   measure.ts build   CORPUS DATA            index build (writes the cache)
 *   measure.ts measure CORPUS DATA QUESTIONS  start from cache, memory, asks, bare, stand-in, quotes
 *   measure.ts start   CORPUS DATA            start from cache, memory, quote book, adding and removing only
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { PactIndex } from '../src/pact-index.js';
import { speakerIntent } from '../src/question/question.js';
import type { CorpusDocument } from '../src/corpus/types.js';
import { bareIndex } from './bare-minisearch.js';
import { analyzeDocument } from '../src/quotes/extract.js';

const [mode, corpusDir = 'corpus', dataDir = 'data', questionsFile = 'questions.json'] = process.argv.slice(2);

const report = (key: string, value: unknown) => process.stdout.write(`RESULT ${JSON.stringify({ key, value })}\n`);
const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0) };
}

async function build(): Promise<void> {
  const start = performance.now();
  const deferQuotations = process.env.BENCH_DEFER_QUOTES === '1';
  const pact = await PactIndex.open({ corpusDir, dataDir, deferQuotations });
  report('buildMs', Math.round(performance.now() - start));
  report('buildDeferredQuotes', deferQuotations);
  report('documents', pact.stats().documents);
  report('passages', pact.stats().passages);
  report('buildRssMiB', mib());
}

/** Full garbage collections a turn apart, so freed buffers are returned before memory is read. */
async function settledMiB(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return mib();
}

async function measure(full: boolean): Promise<void> {
  const questions = full
    ? (JSON.parse(await readFile(questionsFile, 'utf8')) as string[]).filter((q) => !speakerIntent(q))
    : [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  const pact = await PactIndex.open({ corpusDir, dataDir });
  report('startMs', Math.round(performance.now() - start));
  // CPU time of the start (every thread of the process): what a busy machine cannot stretch.
  const used = process.cpuUsage(cpu);
  report('startCpuMs', Math.round((used.user + used.system) / 1000));
  report('fromCache', pact.fromCache);
  global.gc?.();
  report('rssMiB', mib());

  // The quote book reads its saved quotations and names speakers after the start, a slice per
  // event-loop turn: how long until it is ready, and the longest turn meanwhile (a 1 ms timer
  // sees every gap), which is how long an interaction could wait behind it.
  const ready = performance.now();
  let last = ready;
  let longest = 0;
  const ticks = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await pact.quotesReady();
  clearInterval(ticks);
  report('quotesReadyMs', Math.round(performance.now() - ready));
  report('longestTurnMs', Math.round(longest));
  report('rssReadyMiB', await settledMiB());

  // Adding and removing one document (indexing and quotation extraction), before the quote
  // book is named; the median of 7 documents after 3 to warm up.
  const sample = pact.documents().slice(0, 10);
  const copy = (i: number): CorpusDocument => {
    const doc = sample[i % sample.length];
    if (!doc) throw new Error('the corpus has no documents');
    return { ...doc, id: `bench-extra-${i}`, file: `bench-extra-${i}.md` };
  };
  const adds: number[] = [];
  const removes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const add = timed(() => pact.addOrReplaceDocument(copy(i)))[1];
    const remove = timed(() => pact.removeDocument(`bench-extra-${i}`))[1];
    if (i >= 3) {
      adds.push(add);
      removes.push(remove);
    }
  }
  report('addMs', percentiles(adds).p50);
  report('removeMs', percentiles(removes).p50);
  // Quotation extraction, which follows an add in a task of its own (not part of `addMs`).
  report('extractMs', percentiles(sample.slice(0, 7).map((doc) => timed(() => analyzeDocument(doc))[1])).p50);

  // Until the named book shows a change: the added document's extraction, then naming again
  // (only what the change can alter); the median of 5 after one to warm up.
  const afterAdd: number[] = [];
  const afterRemove: number[] = [];
  for (let i = 0; i < 6; i++) {
    const extra = copy(100 + i);
    pact.addOrReplaceDocument(extra);
    const added = timed(() => pact.quotes.all())[1];
    pact.removeDocument(extra.id);
    const removed = timed(() => pact.quotes.all())[1];
    if (i > 0) {
      afterAdd.push(added);
      afterRemove.push(removed);
    }
  }
  report('bookAfterAddMs', Math.round(percentiles(afterAdd).p50));
  report('bookAfterRemoveMs', Math.round(percentiles(afterRemove).p50));
  if (!full) return;

  for (const q of questions.slice(0, 20)) pact.answerQuestion(q); // warm the JIT
  const asks = questions.map((q) => timed(() => pact.answerQuestion(q))[1]);
  report('ask', percentiles(asks));
  report('asksAnswered', questions.filter((q) => !pact.answerQuestion(q).notFound).length);
  report('questions', questions.length);

  await endToEnd(pact, questions);

  const [bare, bareBuildMs] = timed(() => bareIndex(pact.passages()));
  report('bareBuildMs', Math.round(bareBuildMs));
  for (const q of questions.slice(0, 20)) bare.search(q);
  report('bare', percentiles(questions.map((q) => timed(() => bare.search(q).slice(0, 40))[1])));

  // Quotations: the book was named in the background; a read now only reads it.
  const [book, quotesMs] = timed(() => {
    const named = pact.quotes;
    named.all();
    return named;
  });
  report('quoteBookMs', Math.round(quotesMs));
  report('quotations', book.all().length);
  const speakers = book
    .speakers()
    .slice(0, 10)
    .map((s) => s.speaker.name);
  const topics = ['security', 'the border', 'cartels', 'fentanyl', 'sovereignty'];
  const speakerQuestions = speakers.flatMap((s) => topics.map((t) => `What did ${s} say about ${t}?`));
  if (speakerQuestions.length)
    report('speakerAsk', percentiles(speakerQuestions.map((q) => timed(() => pact.answerQuestion(q))[1])));
}

/** Interaction-to-reply through the Discord stand-in: the real client, /ask at 1, 10, 50 at once. */
async function endToEnd(pact: PactIndex, questions: string[]): Promise<void> {
  const { DiscordStandIn } = await import('../tests/discord-standin/server.js');
  const { commandInteraction } = await import('../tests/discord-standin/payloads.js');
  const { startBot } = await import('../src/discord/client.js');
  const { createLogger } = await import('../src/log.js');
  const { Writable } = await import('node:stream');
  const discord = await DiscordStandIn.start();
  discord.setMaxListeners(0); // one waiter per /ask in flight
  const logger = createLogger({
    level: 'error',
    secrets: [discord.token],
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const { baseCommands } = await import('../commands/index.js');
  const bot = await startBot({
    config: { discordToken: discord.token, apiUrl: discord.apiUrl },
    index: pact,
    logger,
    commands: baseCommands,
  });
  try {
    let asked = 0;
    const askOne = async (): Promise<number> => {
      const n = asked++;
      const user = { id: String(300000000000000000n + BigInt(n)), username: `user${n}` };
      const question = questions[n % questions.length] ?? 'What is the security pact?';
      const payload = commandInteraction(discord, {
        name: 'ask',
        user,
        options: [{ name: 'question', value: question }],
      });
      const replyPath = `/webhooks/${discord.applicationId}/${payload.token}/messages/@original`;
      const start = performance.now();
      discord.sendInteraction(payload);
      await discord.waitFor((r) => r.method === 'PATCH' && decodeURIComponent(r.path) === replyPath, {
        timeout: 30_000,
      });
      return performance.now() - start;
    };
    for (let i = 0; i < 5; i++) await askOne(); // warm up the client's connections
    for (const concurrency of [1, 10, 50]) {
      const samples: number[] = [];
      const rounds = concurrency === 1 ? 50 : concurrency === 10 ? 10 : 4;
      for (let r = 0; r < rounds; r++)
        samples.push(...(await Promise.all(Array.from({ length: concurrency }, askOne))));
      report(`e2e${concurrency}`, percentiles(samples));
    }
  } finally {
    await bot.stop();
    await discord.close();
  }
}

if (mode === 'build') await build();
else await measure(mode !== 'start');
process.exit(0);
