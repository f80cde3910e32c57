import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusDocument, CorpusProblem } from '../src/corpus/types.js';
import { addDocumentFromUrl } from '../src/feeds/index.js';
import type { PactIndex } from '../src/pact-index.js';
import { extractQuotes } from '../src/quotes/index.js';
import { Analyzer } from '../src/search/analyze.js';
import { Store, type Subscription } from '../src/store/index.js';
import {
  startUpdates,
  type DeliveryTarget,
  type UpdatableIndex,
  type UpdatePost,
  type UpdateQuote,
  type UpdatesRuntime,
} from '../src/updates/index.js';
import { startLocalServer } from './fixtures/feeds/local-server.js';
import { until as waitUntil } from './helpers/until.js';

// PactIndex and extractQuotes must plug straight into the runtime.
export const pactIndexFits = (index: PactIndex): UpdatableIndex => index;
export const quotesFit: (doc: CorpusDocument) => UpdateQuote[] = extractQuotes;

class FakeIndex implements UpdatableIndex {
  readonly analyzer = new Analyzer([['SIG', 'Security Implementation Group']]);
  docs = new Map<string, CorpusDocument>();
  problems: CorpusProblem[] = [];
  addOrReplaceDocument(doc: CorpusDocument) {
    this.docs.set(doc.id, doc);
  }
  removeDocument(id: string) {
    this.docs.delete(id);
  }
  reportProblems(problems: CorpusProblem[]) {
    this.problems.push(...problems);
  }
  documents() {
    return [...this.docs.values()];
  }
}

const FILE = (title: string, body: string) =>
  `---\ntitle: "${title}"\ndate: 2025-10-03\nlanguage: en\n---\n\n${body}\n`;

// Each file keeps its own time limit.
const until = (check: () => boolean, timeoutMs = 5000) => waitUntil(check, timeoutMs);

let dir: string;
let store: Store;
let index: FakeIndex;
let runtime: UpdatesRuntime;
let sent: { target: DeliveryTarget; post: UpdatePost; nonce: string }[];
let disabled: Subscription[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactbot-runtime-'));
  store = Store.open(path.join(dir, 'data', 'pactbot.sqlite'));
  index = new FakeIndex();
  sent = [];
  disabled = [];
  store.addSubscription({ kind: 'channel', guildId: 'g', channelId: 'c-all', createdBy: 'u' });
  store.addSubscription({
    kind: 'channel',
    guildId: 'g',
    channelId: 'c-sig',
    filter: 'SIG',
    roleId: 'role-1',
    createdBy: 'u',
  });
  runtime = await startUpdates({
    corpusDir: dir,
    store,
    index,
    sender: {
      send: async (target, post, nonce) => {
        sent.push({ target, post, nonce });
        return { messageId: `m${sent.length}` };
      },
      notifyDisabled: async (sub) => void disabled.push(sub),
    },
    quotesFor: () => [],
    burstDelayMs: 300,
    stabilityMs: 100,
    feedTickMs: 0,
  });
});
afterEach(async () => {
  await runtime.stop();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('updates runtime', () => {
  it('indexes dropped files and turns a burst into one post per subscription', async () => {
    fs.writeFileSync(path.join(dir, 'a.md'), FILE('A', 'The Security Implementation Group met in Mexico City.'));
    fs.writeFileSync(path.join(dir, 'b.md'), FILE('B', 'Fentanyl seizures rose at the border.'));
    fs.writeFileSync(path.join(dir, 'c.md'), FILE('C', 'Arms trafficking was discussed.'));
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: Bad\n---\n\nNo date.\n');
    await until(() => sent.length >= 2, 10_000);
    await until(() => index.docs.size === 3 && index.problems.length === 1, 10_000);
    await runtime.idle();
    expect([...index.docs.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(index.problems).toEqual([expect.objectContaining({ field: 'date' })]);
    const byChannel = Object.fromEntries(sent.map((s) => [(s.target as { channelId: string }).channelId, s.post]));
    expect(byChannel['c-all']).toMatchObject({ kind: 'digest' });
    expect(
      byChannel['c-all']?.kind === 'digest' && byChannel['c-all']?.documents.map((d) => d.documentId).sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(byChannel['c-sig']).toMatchObject({
      kind: 'document',
      mentionRoleIds: ['role-1'],
      document: { documentId: 'a' },
    });
    expect(sent).toHaveLength(2);
  });

  it('/corpus add url: the added page is announced once', async () => {
    const server = await startLocalServer();
    try {
      server.routes.set('/story', {
        headers: { 'content-type': 'text/html' },
        body: fs.readFileSync(path.join(__dirname, 'fixtures/articles/frontera-extraditions.html')),
      });
      const result = await addDocumentFromUrl(server.url('/story'), dir, { fetch: { allowHosts: ['127.0.0.1'] } });
      expect(result.ok).toBe(true);
      await until(() => sent.length >= 1, 10_000);
      await runtime.idle();
      expect(sent).toHaveLength(1); // the SIG filter does not match this article
      expect(sent[0]?.post).toMatchObject({
        kind: 'document',
        document: { title: 'Mexico extradites 26 cartel figures to the United States', publisher: 'Frontera Daily' },
      });
      expect(await runtime.deliverNow()).toMatchObject({ sent: [] });
    } finally {
      await server.close();
    }
  });
});
