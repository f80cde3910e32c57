/**
 * Retrieval and refusal figures for a question set, as `npm run eval` prints them.
 *
 * Each question is scored by the rank of the first right passage (0 when none is shown) and by
 * whether the system refused; answerable and unanswerable questions are counted apart, as in
 * SQuAD 2.0, so that a system cannot win by refusing everything or by never refusing.
 */
export interface Outcome {
  /** False for a question the corpus does not answer: refusing it is right. */
  answerable: boolean;
  /** 1-based rank of the first right passage; 0 when no shown passage is right. */
  rank: number;
  refused: boolean;
}

export interface Figures {
  answerable: number;
  unanswerable: number;
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  /** Share of answerable questions refused (lower is better). */
  answerableRefused: number;
  /** Share of unanswerable questions refused (higher is better). */
  unanswerableRefused: number;
}

export function figures(outcomes: Outcome[]): Figures {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const share = (list: Outcome[], test: (o: Outcome) => boolean) => (list.length ? list.filter(test).length / list.length : 0);
  const within = (k: number) => (o: Outcome) => o.rank >= 1 && o.rank <= k;
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit1: share(answerable, within(1)),
    hit3: share(answerable, within(3)),
    hit5: share(answerable, within(5)),
    mrr: answerable.length ? answerable.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / answerable.length : 0,
    answerableRefused: share(answerable, (o) => o.refused),
    unanswerableRefused: share(unanswerable, (o) => o.refused),
  };
}

/** A Markdown table with one column per system: the figures side by side. */
export function figuresTable(columns: Record<string, Figures>): string {
  const names = Object.keys(columns);
  const rows: [string, (f: Figures) => string][] = [
    ['answerable / unanswerable', (f) => `${f.answerable} / ${f.unanswerable}`],
    ['Hit@1', (f) => f.hit1.toFixed(3)],
    ['Hit@3', (f) => f.hit3.toFixed(3)],
    ['Hit@5', (f) => f.hit5.toFixed(3)],
    ['MRR', (f) => f.mrr.toFixed(3)],
    ['answerable refused', (f) => f.answerableRefused.toFixed(3)],
    ['unanswerable refused', (f) => f.unanswerableRefused.toFixed(3)],
  ];
  const lines = [`| metric | ${names.join(' | ')} |`, `| --- |${names.map(() => ' --- |').join('')}`];
  const values = Object.values(columns);
  for (const [label, cell] of rows) lines.push(`| ${label} | ${values.map(cell).join(' | ')} |`);
  return lines.join('\n');
}
