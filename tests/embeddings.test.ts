import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PactIndex } from '../src/pact-index.js';
import {
  cosine,
  EMBEDDINGS_FILE,
  PassageEmbeddings,
  quantise,
  WorkerEncoder,
  type SentenceEncoder,
  type Semantics,
} from '../src/answer/embeddings.js';
import { corpusFile, makeCorpus, tempDataDir } from './helpers/corpus.js';
import { until } from './helpers/until.js';

const TROOPS = 'The troops stayed at the border on Monday, officials said.';
const SOLDIERS = 'No soldiers may enter Mexico under the agreement, the minister said.';
const TUNNELS = 'Engineers inspected two tunnels near the crossing in Nogales last week.';
const AVOCADOS = 'Mexico exports avocados.';

let pact: PactIndex;
beforeAll(async () => {
  const dir = await makeCorpus({
    'pact.md': corpusFile({ title: 'Border notes', date: '2025-09-03' }, [TROOPS, SOLDIERS, TUNNELS, AVOCADOS]),
  });
  pact = await PactIndex.open({ corpusDir: dir, dataDir: await tempDataDir() });
});

/** A unit vector along one of a few axes: texts on the same axis "mean the same". */
function axis(i: number): Float32Array {
  const v = new Float32Array(512);
  v[i] = 1;
  return v;
}

/** Stand-in embeddings: the question and the passages each get a chosen vector (none = not embedded). */
function semantics(question: Float32Array, passages: Record<string, Float32Array>): Semantics {
  return { question: () => question, passage: (text) => (passages[text] ? quantise(passages[text]) : undefined) };
}

const order = (question: string, s?: Semantics) =>
  pact.answerQuestion(question, { limit: 3, semantics: s }).answers.map((a) => a.text);

describe('ranking with sentence embeddings', () => {
  it('puts first the passage that means the question in other words', () => {
    const question = 'Will troops be sent to Mexico?';
    // Lexically, the passage with "troops" wins.
    expect(order(question)).toEqual([TROOPS, SOLDIERS, AVOCADOS]);
    const s = semantics(axis(0), { [SOLDIERS]: axis(0), [TROOPS]: axis(1), [TUNNELS]: axis(2), [AVOCADOS]: axis(2) });
    // (The avocados passage drops out too: its words alone are too weak once meaning counts.)
    expect(order(question, s)).toEqual([SOLDIERS, TROOPS]);
  });

  it('ranks lexically when the question or the passages have no vectors yet', () => {
    const question = 'Will troops be sent to Mexico?';
    const lexical = order(question);
    expect(order(question, { question: () => undefined, passage: () => quantise(axis(0)) })).toEqual(lexical);
    expect(order(question, semantics(axis(0), {}))).toEqual(lexical);
  });
});

describe('refusal with sentence embeddings', () => {
  // The passage has "tunnels" and "Nogales" but not what was asked: enough words for the lexical rule.
  const question = 'How many tunnels did smugglers dig near Nogales?';

  it('answers when the meaning matches too', () => {
    const answer = pact.answerQuestion(question, {
      semantics: semantics(axis(2), { [TUNNELS]: axis(2), [TROOPS]: axis(1), [SOLDIERS]: axis(1) }),
    });
    expect(answer.notFound).toBe(false);
    expect(answer.answers[0]?.text).toBe(TUNNELS);
  });

  it('refuses a passage whose words match but whose meaning does not', () => {
    // Lexically the tunnels passage answers; the embeddings say it means something else.
    expect(pact.answerQuestion(question).notFound).toBe(false);
    const unrelated = semantics(axis(3), { [TUNNELS]: axis(2), [TROOPS]: axis(1), [SOLDIERS]: axis(1) });
    // The asked-for word ("tunnels") at its plain weight, so the words alone fall short and the meaning decides.
    expect(pact.answerQuestion(question, { semantics: unrelated, settings: { focusWeight: 1 } }).notFound).toBe(true);
  });

  it('judges a passage without a vector by its words alone', () => {
    const notEmbedded = semantics(axis(3), { [TROOPS]: axis(1), [SOLDIERS]: axis(1) });
    expect(pact.answerQuestion(question, { semantics: notEmbedded }).answers[0]?.text).toBe(TUNNELS);
  });
});

/** Counts what it embeds; each text becomes a vector from its length, so tests know what to expect. */
class CountingEncoder implements SentenceEncoder {
  embedded: string[] = [];
  hang = false;
  fail = false;
  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.fail) return Promise.reject(new Error('encoder broke'));
    if (this.hang) return new Promise(() => {});
    this.embedded.push(...texts);
    return Promise.resolve(texts.map((t) => axis(t.length % 512)));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('passage embeddings kept in DATA_DIR', () => {
  it('embeds each passage once, and a restart reads them back without embedding again', async () => {
    const dataDir = await tempDataDir();
    const encoder = new CountingEncoder();
    const first = await PassageEmbeddings.open({ dataDir, encoder, batch: 2 });
    expect(await first.fill(['one', 'three', 'one', 'fifteen'])).toBe(3);
    expect(encoder.embedded).toEqual(['one', 'three', 'fifteen']);

    const again = new CountingEncoder();
    const second = await PassageEmbeddings.open({ dataDir, encoder: again });
    expect(second.size).toBe(3);
    expect(await second.fill(['one', 'three', 'four'])).toBe(1);
    expect(again.embedded).toEqual(['four']);
    const v = second.semantics().passage('three');
    expect(v && cosine(axis(5), v)).toBeCloseTo(1);
  });

  it('ignores a record cut off by a crash', async () => {
    const dataDir = await tempDataDir();
    const e = await PassageEmbeddings.open({ dataDir, encoder: new CountingEncoder() });
    await e.fill(['alpha', 'beta']);
    const file = path.join(dataDir, EMBEDDINGS_FILE);
    await appendFile(file, Buffer.alloc(100, 7));
    expect((await stat(file)).size % 532).toBe(100);
    expect((await PassageEmbeddings.open({ dataDir, encoder: new CountingEncoder() })).size).toBe(2);
  });

  it('reports an encoder failure and goes on without vectors', async () => {
    const encoder = new CountingEncoder();
    encoder.fail = true;
    const errors: string[] = [];
    const e = await PassageEmbeddings.open({
      dataDir: await tempDataDir(),
      encoder,
      onError: (err) => errors.push(err.message),
    });
    expect(await e.fill(['alpha'])).toBe(0);
    await e.prepare('Where?');
    expect(errors).toEqual(['encoder broke', 'encoder broke']);
    expect(e.semantics().question('Where?')).toBeUndefined();
  });

  it('answers without the question vector when the encoder is too slow', async () => {
    const encoder = new CountingEncoder();
    encoder.hang = true;
    const e = await PassageEmbeddings.open({ dataDir: await tempDataDir(), encoder, questionTimeoutMs: 20 });
    await e.prepare('Where?');
    expect(e.semantics().question('Where?')).toBeUndefined();
  });

  it('embeds a passage met while answering that has no vector yet', async () => {
    const encoder = new CountingEncoder();
    const e = await PassageEmbeddings.open({ dataDir: await tempDataDir(), encoder, wantedDelayMs: 10 });
    expect(e.semantics().passage('added later')).toBeUndefined();
    await until(() => e.semantics().passage('added later') !== undefined, 5000);
    expect(encoder.embedded).toEqual(['added later']);
  });
});

describe('the Universal Sentence Encoder (shipped in an npm package, run in a worker thread)', () => {
  it('finds "soldiers" closer to "troops" than to tariffs', async () => {
    const encoder = new WorkerEncoder();
    try {
      const [q, near, far] = await encoder.embed([
        'Will US troops be sent into Mexico?',
        'No American soldiers will be deployed inside the country.',
        'Tariffs on steel imports rose in March.',
      ]);
      expect(q && near && far).toBeTruthy();
      if (!q || !near || !far) return;
      expect(cosine(q, quantise(near))).toBeGreaterThan(cosine(q, quantise(far)) + 0.1);
    } finally {
      await encoder.close();
    }
  }, 30_000);
});
