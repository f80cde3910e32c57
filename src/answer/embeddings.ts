import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { splitSentences } from '../corpus/sentences.js';
import { BoundedMemo } from '../search/bounded-memo.js';
import { withinTime } from '../within-time.js';

/**
 * Sentence embeddings for paraphrase recall: the Universal Sentence Encoder (lite) turns a
 * question and a passage into 512 numbers each, close when they mean the same thing in other
 * words ("soldiers" / "troops"). The ranker fuses their cosine with its lexical score and adds it
 * to the refusal evidence (see settings.ts, `semanticWeight` and `minSemanticEvidence`).
 *
 * A passage of several sentences also gets one vector a sentence: an answer usually lives in one
 * sentence, and the passage's similarity is its most similar sentence's (`sentenceSemanticShare`).
 *
 * Passage vectors are computed in the background after the index opens, by a worker thread, and
 * appended to a file in DATA_DIR keyed by a hash of the passage text, so a restart or a rebuilt
 * index embeds only new text. Until a passage has its vector it is ranked and judged lexically;
 * answering never waits for the corpus to be embedded.
 */

/** Text keys remembered (`PassageEmbeddings.semantics`): a few hundred questions' candidates. */
const KEYS_KEPT = 20_000;

/** Numbers in one vector (the Universal Sentence Encoder's output). */
export const DIMENSIONS = 512;
/** Bytes of a text hash (SHA-1) in the embeddings file. */
const HASH_BYTES = 20;
const RECORD_BYTES = HASH_BYTES + DIMENSIONS;
/** The file beside the index; the model's name is in it so another model starts afresh. */
export const EMBEDDINGS_FILE = 'embeddings-use-lite-512.i8';

/** Turns texts into vectors (the worker thread in the bot; a stand-in in tests). */
export interface SentenceEncoder {
  embed(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** What the ranker needs: the asked question's vector, and a passage's when it has been embedded. */
export interface Semantics {
  question(asked: string): Float32Array | Int8Array | undefined;
  passage(text: string): Int8Array | undefined;
}

/**
 * The Universal Sentence Encoder in a worker thread: a sentence takes tens of milliseconds of
 * CPU, which would block the bot's event loop. The thread starts on the first request.
 */
export class WorkerEncoder implements SentenceEncoder {
  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();

  embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('the sentence encoder was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = import.meta.url.endsWith('.ts')
      ? sourceWorker()
      : new Worker(new URL('./embed-worker.js', import.meta.url));
    // The thread must not keep a finished command-line run or test alive.
    worker.unref();
    worker.on('message', (m: { id: number; vectors?: Float32Array[]; error?: string }) => {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.vectors) waiting?.resolve(m.vectors);
      else waiting?.reject(new Error(m.error ?? 'the sentence encoder failed'));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the sentence encoder stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

export interface EmbeddingsOptions {
  /** Where the embeddings file is kept (DATA_DIR). */
  dataDir: string;
  encoder: SentenceEncoder;
  /** Told when embedding fails (the bot goes on answering lexically). */
  onError?: (err: Error) => void;
  /** Longest wait for a question's vector before answering without it (ms). */
  questionTimeoutMs?: number;
  /** Passages per request to the encoder while filling. */
  batch?: number;
  /** Passages met without a vector while answering are embedded together, this long after the first (ms). */
  wantedDelayMs?: number;
}

/** Questions whose vectors are kept (a page turn of /ask reuses its question's vector). */
const QUESTIONS_KEPT = 500;
const WANTED_DELAY_MS = 1000;
const WANTED_MAX = 10_000;

/**
 * Passage and question vectors. `fill` embeds passages in the background; `prepare` embeds a
 * question before it is answered; `semantics()` is what the ranker reads.
 *
 * ```ts
 * const embeddings = await PassageEmbeddings.open({ dataDir: 'data', encoder: new WorkerEncoder() });
 * void embeddings.fill(pact.passages().map((p) => p.text));
 * await embeddings.prepare(question);
 * pact.answerQuestion(question, { semantics: embeddings.semantics() });
 * ```
 */
export class PassageEmbeddings {
  private readonly vectors = new Map<string, Int8Array>();
  private readonly questions = new Map<string, Float32Array>();
  /**
   * The keys of texts looked up recently: answering looks up some 40 passages and their
   * sentences per question, and a map lookup costs less than hashing each text again.
   */
  private readonly keys = new BoundedMemo<string, string>(KEYS_KEPT);
  private filling: Promise<number> = Promise.resolve(0);
  /** Passages asked for but not embedded (added to the corpus since the start): embedded soon. */
  private readonly wanted = new Set<string>();
  private wantedTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private readonly file: string,
    private readonly options: EmbeddingsOptions,
  ) {}

  /** Reads the vectors saved by earlier runs (a cut-off last record, from a crash, is ignored). */
  static async open(options: EmbeddingsOptions): Promise<PassageEmbeddings> {
    const file = path.join(options.dataDir, EMBEDDINGS_FILE);
    const e = new PassageEmbeddings(file, options);
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    });
    for (let at = 0; at + RECORD_BYTES <= bytes.length; at += RECORD_BYTES) {
      const key = bytes.subarray(at, at + HASH_BYTES).toString('hex');
      e.vectors.set(
        key,
        new Int8Array(bytes.buffer.slice(bytes.byteOffset + at + HASH_BYTES, bytes.byteOffset + at + RECORD_BYTES)),
      );
    }
    return e;
  }

  /** How many passage texts have a vector. */
  get size(): number {
    return this.vectors.size;
  }

  semantics(): Semantics {
    return {
      // A question embedded by `fill` (the evaluation keeps its questions' vectors on disk).
      question: (asked) => this.questions.get(asked) ?? this.vectors.get(textKey(asked)),
      passage: (text) => {
        const vector = this.vectors.get(this.keys.get(text, () => textKey(text)));
        if (!vector) this.want(text);
        return vector;
      },
    };
  }

  /** Queues a passage met while answering that has no vector yet (a document added while running). */
  private want(text: string): void {
    if (this.wanted.size >= WANTED_MAX) return;
    this.wanted.add(text);
    if (this.wantedTimer) return;
    this.wantedTimer = setTimeout(() => {
      this.wantedTimer = undefined;
      const texts = [...this.wanted];
      this.wanted.clear();
      void this.fill(texts);
    }, this.options.wantedDelayMs ?? WANTED_DELAY_MS);
    this.wantedTimer.unref();
  }

  /**
   * Embeds the passages that have no vector yet, a batch at a time, saving each batch; resolves
   * with how many were added. Calls queue behind each other, so a corpus change during a long
   * fill is embedded after it. Failures are reported to `onError`, not thrown.
   */
  fill(texts: string[]): Promise<number> {
    this.filling = this.filling.then(() => this.fillNow(texts));
    return this.filling;
  }

  private async fillNow(texts: string[]): Promise<number> {
    const todo = [...new Set(texts)].filter((t) => !this.vectors.has(textKey(t)));
    const batch = this.options.batch ?? 8;
    let added = 0;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      for (let i = 0; i < todo.length; i += batch) {
        const part = todo.slice(i, i + batch);
        const vectors = await this.options.encoder.embed(part);
        const records: Buffer[] = [];
        part.forEach((text, k) => {
          const v = vectors[k];
          if (!v) return;
          const key = textKey(text);
          const q = quantise(v);
          this.vectors.set(key, q);
          records.push(Buffer.from(key, 'hex'), Buffer.from(q.buffer, q.byteOffset, q.byteLength));
          added++;
        });
        await appendFile(this.file, Buffer.concat(records));
      }
    } catch (err) {
      this.options.onError?.(err as Error);
    }
    return added;
  }

  /**
   * Embeds a question so that answering it can use its vector; waits at most `questionTimeoutMs`
   * (default 1500), after which the question is answered lexically. Never throws.
   */
  async prepare(asked: string): Promise<void> {
    if (this.questions.has(asked)) return;
    try {
      const embedded = this.options.encoder.embed([asked]).then((v) => v[0]);
      const vector = await withinTime(embedded, this.options.questionTimeoutMs ?? 1500);
      if (!vector) return;
      if (this.questions.size >= QUESTIONS_KEPT) {
        const oldest = this.questions.keys().next();
        if (!oldest.done) this.questions.delete(oldest.value);
      }
      this.questions.set(asked, vector);
    } catch (err) {
      this.options.onError?.(err as Error);
    }
  }

  /** Waits for the fills started so far (tests, the evaluation). */
  async settled(): Promise<void> {
    await this.filling;
  }
}

/**
 * Run from the TypeScript sources (tsx, vitest), the worker is a .ts file: a worker thread does
 * not inherit tsx's loader (nor take it from `execArgv`), so it registers it before importing.
 */
function sourceWorker(): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('./embed-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`;
  return new Worker(code, { eval: true });
}

/**
 * The texts to embed for a corpus: every passage, then each sentence of a passage of several
 * sentences (the ranker compares the question with both; passages first, so a fresh corpus gets
 * its passage similarities soonest).
 */
export function textsToEmbed(passages: readonly { text: string }[]): string[] {
  const sentences = passages.flatMap((p) => {
    const parts = splitSentences(p.text);
    return parts.length > 1 ? parts.map((s) => s.text) : [];
  });
  return [...passages.map((p) => p.text), ...sentences];
}

/**
 * Gives a loaded corpus sentence embeddings: vectors saved by earlier runs at once, the passages
 * missing them in the background (answering is lexical for those meanwhile). A problem is logged
 * and answering goes on without embeddings.
 */
export async function attachEmbeddings(
  index: { embeddings: PassageEmbeddings | undefined; passages(): { text: string }[] },
  dataDir: string,
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void },
): Promise<void> {
  try {
    const onError = (err: Error) =>
      logger.warn({ err }, 'sentence embeddings failed; answering lexically where they are missing');
    const embeddings = await PassageEmbeddings.open({ dataDir, encoder: new WorkerEncoder(), onError });
    index.embeddings = embeddings;
    const texts = textsToEmbed(index.passages());
    const started = Date.now();
    void embeddings.fill(texts).then((added) => {
      if (added > 0)
        logger.info(
          { added, embedded: embeddings.size, ms: Date.now() - started },
          'passages and their sentences embedded',
        );
    });
  } catch (err) {
    logger.warn({ err }, 'sentence embeddings unavailable; answering lexically');
  }
}

function textKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * One signed byte a number: a quarter of the memory of floats, and cosine barely moves (each
 * vector is scaled by its own largest number, which cosine ignores).
 */
export function quantise(v: Float32Array): Int8Array {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const out = new Int8Array(v.length);
  if (max === 0) return out;
  for (let i = 0; i < v.length; i++) out[i] = Math.round(((v[i] ?? 0) / max) * 127);
  return out;
}

/** Cosine of a question's vector and a passage's (1 = same meaning, 0 = unrelated). */
export function cosine(a: Float32Array | Int8Array, b: Int8Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
