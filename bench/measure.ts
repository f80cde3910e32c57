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
import { percentiles } from './percentiles.js';
import { analyzeDocument } from '../src/quotes/extract.js';

const [mode, corpusDir = 'corpus', dataDir = 'data', questionsFile = 'questions.json'] = process.argv.slice(2);

const report = (key: string, value: unknown) => process.stdout.write(`RESULT ${JSON.stringify({ key, value })}\n`);
const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
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
    await pact.addOrReplaceDocument(extra);
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
  // Warmed like bare MiniSearch below (the same 20 questions): neither side's first-use costs count.
  for (const q of questions.slice(0, 20)) pact.answerQuestion(q);
  const asks = questions.map((q) => timed(() => pact.answerQuestion(q))[1]);
  report('ask', percentiles(asks));
  report('asksAnswered', questions.filter((q) => !pact.answerQuestion(q).notFound).length);
  report('questions', questions.length);

  // The bot in this process; the stand-in and the asking client in another (bench/standin-e2e.ts).
  // Imported here: discord.js must not count in the memory measured after load.
  const { endToEnd } = await import('./standin-e2e.js');
  await endToEnd(pact, questions, report);

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

if (mode === 'build') await build();
else await measure(mode !== 'start');
process.exit(0);
