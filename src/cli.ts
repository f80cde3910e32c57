#!/usr/bin/env node
/**
 * The `pactbot` command line over the same core as the bot:
 *   pactbot ask "<question>" [--limit N] [--json] [--corpus DIR]   (no question: JSON Lines from stdin)
 *   pactbot sources [--json] [--corpus DIR]
 *   pactbot check [--corpus DIR]
 *   pactbot quotes [--speaker S] [--about T] [--limit N] [--json] [--corpus DIR]
 *   pactbot speakers [--json] [--corpus DIR]
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PactIndex } from './pact-index.js';
import { loadCorpus } from './corpus/load-corpus.js';
import { ALIASES_FILE, loadAliases } from './search/aliases.js';
import { formatAnswer, formatCitation } from './answer/format-answer.js';
import { citeDocument } from './answer/types.js';
import { runQuotesCommand, runSpeakersCommand } from './cli/quotes.js';

const USAGE = `Usage:
  pactbot ask "<question>" [--limit N] [--json] [--corpus DIR]
  pactbot ask [--limit N] [--corpus DIR] < questions.txt     (one question a line; JSON Lines out)
  pactbot sources [--json] [--corpus DIR]
  pactbot check [--corpus DIR]
  pactbot quotes [--speaker NAME] [--about WORDS] [--limit N] [--json] [--corpus DIR]
  pactbot speakers [--json] [--corpus DIR]

The corpus folder is --corpus, else $CORPUS_DIR, else ./corpus; the index cache lives in
$DATA_DIR (default ./data).`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      speaker: { type: 'string' },
      about: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a whole number of 1 or more');
  if (limit !== undefined && limit > 50 && positionals[0] === 'ask') throw new UsageError('--limit must be a whole number from 1 to 50 for ask');
  return {
    command: positionals[0],
    rest: positionals.slice(1),
    limit,
    json: values.json ?? false,
    speaker: values.speaker,
    about: values.about,
    help: values.help ?? false,
    corpusDir: values.corpus || process.env.CORPUS_DIR || 'corpus',
  };
}

type Options = ReturnType<typeof parse>;

const openIndex = (o: Options) => PactIndex.open({ corpusDir: o.corpusDir, dataDir: process.env.DATA_DIR || 'data' });

async function ask(o: Options): Promise<number> {
  const pact = await openIndex(o);
  const question = o.rest.join(' ').trim();
  if (question) {
    const answer = pact.answerQuestion(question, { limit: o.limit ?? 3 });
    const bold = process.stdout.isTTY ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => `**${s}**`;
    console.log(o.json ? JSON.stringify(toJson(answer)) : formatAnswer(answer, bold));
    return 0;
  }
  if (process.stdin.isTTY) throw new UsageError('give a question, or pipe questions in, one a line');
  // Batch mode: the index is loaded once and each answer written as soon as it is found.
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of lines) {
    if (!line.trim()) continue;
    out.push(JSON.stringify(toJson(pact.answerQuestion(line.trim(), { limit: o.limit ?? 3 }))));
    if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** The JSON contract of `ask --json`: field names and order are relied upon by scripts. */
function toJson(answer: ReturnType<PactIndex['answerQuestion']>) {
  return {
    question: answer.question,
    notFound: answer.notFound,
    unknownTerms: answer.unknownTerms,
    answers: answer.answers.map((a) => ({
      text: a.text,
      quote: a.quote,
      paragraph: a.paragraph,
      score: a.score,
      document: {
        id: a.document.id,
        title: a.document.title,
        author: a.document.author ?? null,
        publisher: a.document.publisher ?? null,
        date: a.document.date,
        url: a.document.url ?? null,
      },
    })),
  };
}

async function sources(o: Options): Promise<number> {
  const pact = await openIndex(o);
  const docs = pact.documents().map((doc) => ({
    ...citeDocument(doc),
    language: doc.meta.language,
    partial: doc.meta.partial,
    paragraphs: doc.paragraphs.length,
    passages: pact.passages(doc.id).length,
  }));
  if (o.json) {
    console.log(JSON.stringify({ documents: docs, problems: pact.problems() }));
    return 0;
  }
  for (const doc of docs) {
    const flags = [doc.language !== 'en' ? doc.language : '', doc.partial ? 'partial' : ''].filter(Boolean);
    console.log(`${doc.id}\n  ${formatCitation(doc)}${flags.length ? ` [${flags.join(', ')}]` : ''}\n  ${doc.passages} passages${doc.url ? ` · ${doc.url}` : ''}`);
  }
  console.log(`\n${docs.length} documents, ${pact.stats().passages} passages`);
  for (const p of pact.problems()) console.log(`not loaded: ${p.file}: ${p.field} ${p.reason}`);
  return 0;
}

async function check(o: Options): Promise<number> {
  const { documents, problems } = await loadCorpus(o.corpusDir);
  try {
    await loadAliases(o.corpusDir);
  } catch (error) {
    problems.push({ file: ALIASES_FILE, field: 'aliases', reason: (error as Error).message });
  }
  for (const p of problems) console.error(`${p.file}: ${p.field} ${p.reason}`);
  console.log(`${documents.length} documents loaded, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return problems.length ? 1 : 0;
}

async function quotes(o: Options): Promise<number> {
  const pact = await openIndex(o);
  const args = { speaker: o.speaker, about: o.about, json: o.json, limit: o.limit };
  console.log(runQuotesCommand(pact.quotes, args, pact.documents()));
  return 0;
}

async function speakers(o: Options): Promise<number> {
  const pact = await openIndex(o);
  console.log(runSpeakersCommand(pact.quotes, { json: o.json }));
  return 0;
}

const COMMANDS: Record<string, (o: Options) => Promise<number>> = { ask, sources, check, quotes, speakers };

async function main(argv: string[]): Promise<number> {
  try {
    const options = parse(argv);
    const run = options.command && COMMANDS[options.command];
    if (options.help || !run) {
      console.log(USAGE);
      return options.help ? 0 : 2;
    }
    return await run(options);
  } catch (error) {
    const message = (error as Error).message;
    console.error(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `pactbot: ${message}\n\n${USAGE}` : `pactbot: ${message}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
