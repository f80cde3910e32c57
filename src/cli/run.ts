/**
 * The `pactbot` command line over the same core as the bot (`src/cli.ts` runs it on the process):
 *   pactbot ask "<question>" [--limit N] [--json] [--corpus DIR]   (no question: JSON Lines from stdin)
 *   pactbot sources [--json] [--corpus DIR]
 *   pactbot check [--corpus DIR]
 *   pactbot quotes [--speaker S] [--about T] [--limit N] [--json] [--corpus DIR]
 *   pactbot speakers [--json] [--corpus DIR]
 *
 * Everything printed for a person goes through `escapeControls`, JSON through `terminalJson`:
 * questions and corpus files may hold terminal control sequences.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { cliSettings } from '../config.js';
import { PactIndex } from '../pact-index.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { ALIASES_FILE, loadAliases } from '../search/aliases.js';
import { formatAnswer, formatCitation } from '../answer/format-answer.js';
import { citeDocument } from '../answer/types.js';
import { ambiguousSpeaker, runQuotesCommand, runSpeakersCommand } from './quotes.js';
import { escapeControls, escapeJsonControls, terminalJson } from './terminal.js';

/** Where the command line reads and writes: the process, or a test's buffers. */
export interface CliIo {
  /** Writes one line (or several) for the reader; a newline is added. */
  out(text: string): void;
  err(text: string): void;
  stdin: Readable & { isTTY?: boolean };
  /** Standard output is a terminal: the answering sentence is set in bold rather than `**`. */
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** The process's own standard streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  stdin: process.stdin,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  env: process.env,
};

const USAGE = `Usage:
  pactbot ask "<question>" [--limit N] [--json] [--corpus DIR]
  pactbot ask [--limit N] [--corpus DIR] < questions.txt     (one question a line; JSON Lines out)
  pactbot sources [--json] [--corpus DIR]
  pactbot check [--corpus DIR]
  pactbot quotes [--speaker NAME] [--about WORDS] [--limit N] [--json] [--corpus DIR]
  pactbot speakers [--json] [--corpus DIR]

The corpus folder is --corpus, else $CORPUS_DIR, else ./corpus; the index cache lives in
$DATA_DIR (default ./data). Both are read from the environment and .env, as the bot reads them.`;

class UsageError extends Error {}

function parse(argv: string[], env: NodeJS.ProcessEnv) {
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
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError('--limit must be a whole number of 1 or more');
  if (limit !== undefined && limit > 50 && positionals[0] === 'ask')
    throw new UsageError('--limit must be a whole number from 1 to 50 for ask');
  return {
    command: positionals[0],
    rest: positionals.slice(1),
    limit,
    json: values.json ?? false,
    speaker: values.speaker,
    about: values.about,
    help: values.help ?? false,
    ...cliSettings(env),
    ...(values.corpus ? { corpusDir: values.corpus } : {}),
  };
}

type Options = ReturnType<typeof parse> & { io: CliIo };

const openIndex = (o: Options) =>
  PactIndex.open({
    corpusDir: o.corpusDir,
    dataDir: o.dataDir,
    onCacheRejected: (reason) => o.io.err(escapeControls(`pactbot: ${reason}`)),
  });

/** Our own bold, marked by a random token the printed text cannot contain, so escaping leaves it alone. */
function terminalBold(): { highlight: (s: string) => string; finish: (text: string) => string } {
  const mark = `\uFFF0${randomBytes(8).toString('hex')}\uFFF0`;
  return {
    highlight: (s) => `${mark}${s}${mark}`,
    finish: (text) =>
      text
        .split(mark)
        .map((part, i) => (i === 0 ? '' : i % 2 === 1 ? '\x1b[1m' : '\x1b[22m') + part)
        .join(''),
  };
}

async function ask(o: Options): Promise<number> {
  const pact = await openIndex(o);
  const question = o.rest.join(' ').trim();
  if (question) {
    const answer = pact.answerQuestion(question, { limit: o.limit ?? 3 });
    if (o.json) {
      o.io.out(terminalJson(toJson(answer)));
    } else if (o.io.stdoutIsTTY) {
      const bold = terminalBold();
      o.io.out(bold.finish(escapeControls(formatAnswer(answer, bold.highlight))));
    } else {
      o.io.out(escapeControls(formatAnswer(answer, (s) => `**${s}**`)));
    }
    return 0;
  }
  if (o.io.stdin.isTTY) throw new UsageError('give a question, or pipe questions in, one a line');
  // Batch mode: the index is loaded once and each answer written as soon as it is found.
  const lines = createInterface({ input: o.io.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of lines) {
    if (!line.trim()) continue;
    out.push(terminalJson(toJson(pact.answerQuestion(line.trim(), { limit: o.limit ?? 3 }))));
    if (out.length >= 256) o.io.out(out.splice(0).join('\n'));
  }
  if (out.length) o.io.out(out.join('\n'));
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
    o.io.out(terminalJson({ documents: docs, problems: pact.problems() }));
    return 0;
  }
  for (const doc of docs) {
    const flags = [doc.language !== 'en' ? doc.language : '', doc.partial ? 'partial' : ''].filter(Boolean);
    o.io.out(
      escapeControls(
        `${doc.id}\n  ${formatCitation(doc)}${flags.length ? ` [${flags.join(', ')}]` : ''}\n  ${doc.passages} passages${doc.url ? ` · ${doc.url}` : ''}`,
      ),
    );
  }
  o.io.out(`\n${docs.length} documents, ${pact.stats().passages} passages`);
  for (const p of pact.problems()) o.io.out(escapeControls(`not loaded: ${p.file}: ${p.field} ${p.reason}`));
  return 0;
}

async function check(o: Options): Promise<number> {
  const { documents, problems } = await loadCorpus(o.corpusDir);
  try {
    await loadAliases(o.corpusDir);
  } catch (error) {
    problems.push({ file: ALIASES_FILE, field: 'aliases', reason: (error as Error).message });
  }
  for (const p of problems) o.io.err(escapeControls(`${p.file}: ${p.field} ${p.reason}`));
  o.io.out(`${documents.length} documents loaded, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return problems.length ? 1 : 0;
}

async function quotes(o: Options): Promise<number> {
  const pact = await openIndex(o);
  const args = { speaker: o.speaker, about: o.about, json: o.json, limit: o.limit };
  await pact.quotesReady();
  const ambiguous = ambiguousSpeaker(pact.quotes, args.speaker);
  if (ambiguous) {
    o.io.err(escapeControls(ambiguous));
    return 2;
  }
  const text = runQuotesCommand(pact.quotes, args, pact.documents());
  o.io.out(args.json ? escapeJsonControls(text) : escapeControls(text));
  return 0;
}

async function speakers(o: Options): Promise<number> {
  const pact = await openIndex(o);
  await pact.quotesReady();
  const text = runSpeakersCommand(pact.quotes, { json: o.json });
  o.io.out(o.json ? escapeJsonControls(text) : escapeControls(text));
  return 0;
}

const COMMANDS: Record<string, (o: Options) => Promise<number>> = { ask, sources, check, quotes, speakers };

/** Runs one `pactbot` command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const options = { ...parse(argv, io.env), io };
    const run = options.command && COMMANDS[options.command];
    if (options.help || !run) {
      io.out(USAGE);
      return options.help ? 0 : 2;
    }
    return await run(options);
  } catch (error) {
    const message = (error as Error).message;
    io.err(
      escapeControls(
        error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
          ? `pactbot: ${message}\n\n${USAGE}`
          : `pactbot: ${message}`,
      ),
    );
    return 2;
  }
}
