/**
 * `npm run eval [-- FILE] [--news PATH] [--sweep]`: scores answering against bare MiniSearch
 * (fold + stem + stop list) on the same corpus, side by side: Hit@1/3/5, MRR, answerable
 * questions refused, unanswerable questions refused.
 *
 * - The pact set (default eval/dev-questions.json; eval/heldout-questions.json is the held-out set)
 *   on the shipped corpus, then quote attribution against tests/fixtures/quotes-gold.json.
 * - The news quiz set, when present (default ../shared/eval/news-dev.jsonl from the repository
 *   root; `--news PATH` or NEWS_EVAL to override): its passages become a corpus in a temporary
 *   folder; retrieval is scored on all passages, refusal on the half kept by a hash of the
 *   passage. Questions are split by a hash of their id into a tuning half and a held-out half.
 * - `--sample N` scores every N-th news question only (quicker).
 * - `--sweep` adds the trade-off of the refusal threshold (answerable vs unanswerable refused).
 * - Sentence embeddings are used as the bot uses them (`--no-embeddings`: lexical only), passages
 *   and their sentences both embedded. Their vectors, questions' included, are kept in DATA_DIR (default ./data), so reruns embed nothing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_ANSWER_SETTINGS, type AnswerSettings } from '../src/answer/settings.js';
import { PassageEmbeddings, textsToEmbed, WorkerEncoder, type Semantics } from '../src/answer/embeddings.js';
import { BareSearch } from '../src/eval/bare-search.js';
import { figures, figuresTable, type Figures, type Outcome } from '../src/eval/metrics.js';
import {
  answerableInHalf,
  readNewsSet,
  writeNewsCorpus,
  type NewsQuestion,
  type NewsSet,
} from '../src/eval/news-set.js';
import { PactIndex } from '../src/pact-index.js';
import { fold } from '../src/search/fold.js';
import { printQuoteScores } from './eval-quotes.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    news: { type: 'string' },
    sweep: { type: 'boolean', default: false },
    sample: { type: 'string' },
    'no-embeddings': { type: 'boolean', default: false },
  },
});
const file = positionals[0] ?? 'eval/dev-questions.json';
const corpusDir = process.env.CORPUS_DIR ?? 'corpus';
const newsFile =
  values.news ??
  process.env.NEWS_EVAL ??
  path.resolve(import.meta.dirname, '..', '..', 'shared', 'eval', 'news-dev.jsonl');
/** Thresholds tried by --sweep, around the default. */
const SWEEP = [0, 0.1, 0.15, 0.19, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
const SEMANTIC_SWEEP = [0.35, 0.4, 0.44, 0.445, 0.448, 0.452, 0.455, 0.46, 0.5, 0.55, 0.6];
const encoder = new WorkerEncoder();
const embeddings = values['no-embeddings']
  ? undefined
  : await PassageEmbeddings.open({
      dataDir: process.env.DATA_DIR ?? 'data',
      encoder,
      onError: (err) => console.warn(`embeddings: ${err.message}`),
    });

/** Embeds the passages and questions (kept on disk: a rerun embeds only new text). */
async function semanticsFor(pact: PactIndex, questions: string[]): Promise<Semantics | undefined> {
  if (!embeddings) return undefined;
  await embeddings.fill([...textsToEmbed(pact.passages()), ...questions]);
  return embeddings.semantics();
}

const evalFileSchema = z.object({
  questions: z.array(z.object({ id: z.string(), q: z.string(), gold: z.array(z.string()).min(1) })),
  unanswerable: z
    .array(z.object({ id: z.string(), q: z.string(), absent: z.array(z.string()).optional() }))
    .default([]),
});

/** Gold spans match after folding case, accents, quotes, dashes and whitespace. */
const norm = (text: string) => fold(text).trim();

async function pactSet(): Promise<void> {
  const pact = await PactIndex.open({ corpusDir, dataDir: process.env.DATA_DIR ?? 'data' });
  const { questions, unanswerable } = evalFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const bare = new BareSearch(pact.passages());
  const passageText = new Map(pact.passages().map((p) => [p.id, p.text]));
  const semantics = await semanticsFor(
    pact,
    [...questions, ...unanswerable].map((q) => q.q),
  );
  const rankOf = (texts: string[], gold: string[]) =>
    texts.findIndex((t) => gold.some((g) => norm(t).includes(norm(g)))) + 1;
  const misses: string[] = [];
  const run = (settings?: Partial<AnswerSettings>, log = false): Outcome[] => [
    ...questions.map(({ id, q, gold }) => {
      const answer = pact.answerQuestion(q, { limit: 10, settings, semantics });
      const rank = rankOf(
        answer.answers.map((a) => a.text),
        gold,
      );
      if (log && rank !== 1) misses.push(`${id} rank ${rank || '-'}: ${q}${answer.notFound ? ' (refused)' : ''}`);
      return { answerable: true, rank, refused: answer.notFound };
    }),
    ...unanswerable.map(({ id, q }) => {
      const answer = pact.answerQuestion(q, { settings, semantics });
      if (log && !answer.notFound)
        misses.push(`${id} answered, should refuse: ${q} → ${answer.answers[0]?.quote.slice(0, 80)}`);
      return { answerable: false, rank: 0, refused: answer.notFound };
    }),
  ];
  const bareOutcomes: Outcome[] = [
    ...questions.map(({ q, gold }) => {
      const ids = bare.ask(q, 10);
      return {
        answerable: true,
        rank: rankOf(
          ids.map((id) => passageText.get(id) ?? ''),
          gold,
        ),
        refused: ids.length === 0,
      };
    }),
    ...unanswerable.map(({ q }) => ({ answerable: false, rank: 0, refused: bare.ask(q).length === 0 })),
  ];
  const { documents, passages } = pact.stats();
  console.log(`## ${file} (corpus ${corpusDir}: ${documents} documents, ${passages} passages)\n`);
  console.log(figuresTable({ pactbot: figures(run(undefined, true)), 'bare MiniSearch': figures(bareOutcomes) }));
  if (misses.length) console.log(`\nNot at rank 1:\n${misses.map((m) => `  ${m}`).join('\n')}`);
  if (values.sweep) printSweep((settings) => figures(run(settings)));

  console.log('');
  // The shipped corpus's labels only fit the shipped corpus; the written sets carry their own documents.
  await printQuoteScores(corpusDir === 'corpus' ? ['corpus', 'dev', 'untouched'] : ['dev', 'untouched']);
}

function printSweep(at: (settings: Partial<AnswerSettings>) => Figures): void {
  // With embeddings every passage is judged by minSemanticEvidence; without, by minEvidence.
  const key = embeddings ? 'minSemanticEvidence' : 'minEvidence';
  console.log(`\nRefusal threshold (${key}; default ${DEFAULT_ANSWER_SETTINGS[key]}):\n`);
  console.log(`| ${key} | Hit@1 | answerable refused | unanswerable refused |\n| --- | --- | --- | --- |`);
  for (const threshold of embeddings ? SEMANTIC_SWEEP : SWEEP) {
    const f = at({ [key]: threshold });
    console.log(
      `| ${threshold} | ${f.hit1.toFixed(3)} | ${f.answerableRefused.toFixed(3)} | ${f.unanswerableRefused.toFixed(3)} |`,
    );
  }
  if (!embeddings) return;
  console.log(
    `\nFusion weight of the similarity when the word evidence is strong (semanticWeight; default ${DEFAULT_ANSWER_SETTINGS.semanticWeight}):\n`,
  );
  console.log('| semanticWeight | Hit@1 | Hit@3 | Hit@5 | MRR |\n| --- | --- | --- | --- | --- |');
  for (const semanticWeight of [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) {
    const f = at({ semanticWeight });
    console.log(
      `| ${semanticWeight} | ${f.hit1.toFixed(3)} | ${f.hit3.toFixed(3)} | ${f.hit5.toFixed(3)} | ${f.mrr.toFixed(3)} |`,
    );
  }
  console.log(
    `\nFusion weight of the similarity when the word evidence is thin (thinEvidenceSemanticWeight; default ${DEFAULT_ANSWER_SETTINGS.thinEvidenceSemanticWeight}; 0.4 is one fixed weight):\n`,
  );
  console.log('| thinEvidenceSemanticWeight | Hit@1 | Hit@3 | Hit@5 | MRR |\n| --- | --- | --- | --- | --- |');
  for (const thinEvidenceSemanticWeight of [0.4, 0.5, 0.6, 0.7, 0.8]) {
    const f = at({ thinEvidenceSemanticWeight });
    console.log(
      `| ${thinEvidenceSemanticWeight} | ${f.hit1.toFixed(3)} | ${f.hit3.toFixed(3)} | ${f.hit5.toFixed(3)} | ${f.mrr.toFixed(3)} |`,
    );
  }
  console.log(
    `\nSimilarity from the best sentence (sentenceSemanticShare; default ${DEFAULT_ANSWER_SETTINGS.sentenceSemanticShare}):\n`,
  );
  console.log(
    '| sentenceSemanticShare | Hit@1 | Hit@3 | answerable refused | unanswerable refused |\n| --- | --- | --- | --- | --- |',
  );
  for (const sentenceSemanticShare of [0, 0.5, 1]) {
    const f = at({ sentenceSemanticShare });
    console.log(
      `| ${sentenceSemanticShare} | ${f.hit1.toFixed(3)} | ${f.hit3.toFixed(3)} | ${f.answerableRefused.toFixed(3)} | ${f.unanswerableRefused.toFixed(3)} |`,
    );
  }
}

/** Opens a corpus of the news passages (all, or the kept half) in a temporary folder. */
async function newsCorpus(
  set: NewsSet,
  keptOnly: boolean,
): Promise<{ pact: PactIndex; bare: BareSearch; semantics?: Semantics; done: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pactbot-news-'));
  await writeNewsCorpus(set, dir, keptOnly);
  const pact = await PactIndex.open({ corpusDir: dir, dataDir: path.join(dir, '.data') });
  const semantics = await semanticsFor(
    pact,
    set.questions.map((q) => q.question),
  );
  return {
    pact,
    bare: new BareSearch(pact.passages()),
    semantics,
    done: () => rm(dir, { recursive: true, force: true }),
  };
}

async function newsSet(): Promise<void> {
  if (!existsSync(newsFile)) {
    console.log(`\n(news set skipped: ${newsFile} not found; pass --news PATH or set NEWS_EVAL)`);
    return;
  }
  const set = await readNewsSet(newsFile);
  // --sample N: every N-th question only, for a quick look while calibrating.
  const step = Number(values.sample ?? 1);
  if (step > 1) set.questions = set.questions.filter((_, i) => i % step === 0);
  const docOf = (passageId: string) => passageId.split('#')[0] ?? passageId;
  const rank = (docIds: string[], q: NewsQuestion) => docIds.indexOf(q.docId) + 1;
  type Scored = { q: NewsQuestion; pact: (s?: Partial<AnswerSettings>) => Outcome; bare: Outcome };
  const score = (
    corpus: { pact: PactIndex; bare: BareSearch; semantics?: Semantics },
    answerable: (q: NewsQuestion) => boolean | undefined,
  ): Scored[] =>
    set.questions.flatMap((q) => {
      const isAnswerable = answerable(q);
      if (isAnswerable === undefined) return [];
      const ids = corpus.bare.ask(q.question, 5);
      return [
        {
          q,
          pact: (settings?: Partial<AnswerSettings>) => {
            const answer = corpus.pact.answerQuestion(q.question, { limit: 5, settings, semantics: corpus.semantics });
            return {
              answerable: isAnswerable,
              rank: rank(
                answer.answers.map((a) => docOf(a.passageId)),
                q,
              ),
              refused: answer.notFound,
            };
          },
          bare: { answerable: isAnswerable, rank: rank(ids.map(docOf), q), refused: ids.length === 0 },
        },
      ];
    });
  const table = (title: string, scored: Scored[]) => {
    const columns: Record<string, Figures> = {};
    for (const half of ['tune', 'heldout'] as const) {
      const part = scored.filter((s) => s.q.half === half);
      columns[`pactbot ${half}`] = figures(part.map((s) => s.pact()));
      columns[`bare ${half}`] = figures(part.map((s) => s.bare));
    }
    console.log(`\n## ${title}\n\n${figuresTable(columns)}`);
  };

  // Many quiz passages are related snippets that never state the answer; a gap between the halves
  // in "answerable refused" can come from how many such questions each half holds.
  const printRefusedByAnswerText = (scored: Scored[]) => {
    const cell = (list: Scored[]) => {
      const refused = list.filter((s) => s.pact().refused).length;
      return `${(list.length ? refused / list.length : 0).toFixed(3)} (${refused} of ${list.length})`;
    };
    console.log('\n| answerable questions refused | tune | heldout |\n| --- | --- | --- |');
    for (const [label, inPassage] of [
      ["answer's text in its passage", true],
      ["answer's text not in its passage", false],
    ] as const) {
      const part = (half: string) =>
        scored.filter((s) => s.q.half === half && s.q.answerInPassage === inPassage && s.bare.answerable);
      console.log(`| ${label} | ${cell(part('tune'))} | ${cell(part('heldout'))} |`);
    }
  };

  const full = await newsCorpus(set, false);
  table(
    `News set ${path.basename(newsFile)}: all ${set.passages.length} passages (retrieval)`,
    score(full, () => true),
  );
  await full.done();
  const half = await newsCorpus(set, true);
  const halfScored = score(half, answerableInHalf(set));
  table(`News set: the ${set.passages.filter((p) => p.kept).length} kept passages (refusal)`, halfScored);
  printRefusedByAnswerText(halfScored);
  if (values.sweep)
    printSweep((settings) => figures(halfScored.filter((s) => s.q.half === 'tune').map((s) => s.pact(settings))));
  await half.done();
}

await pactSet();
await newsSet();
await encoder.close();
