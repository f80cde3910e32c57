/**
 * A document whose `url:` the corpus accepts but Discord does not take as written — a space, an
 * accented letter, `<` `>` or `(` `)` in it. Discord refuses an embed URL that is not well formed
 * ("Not a well formed URL", 400), so the update post would fail for every subscriber. The post
 * links the same address, percent-encoded, as /source and /ask already do.
 */
import { describe, expect, it } from 'vitest';
import { renderUpdate } from '../src/discord/update-post.js';
import type { DocumentSummary } from '../src/updates/index.js';

const doc = (i: number, url: string): DocumentSummary => ({
  documentId: `d${i}`,
  title: `Report ${i}`,
  url,
  date: '2025-10-20',
  language: 'en',
  lead: 'Text.',
  quotes: [],
});

const ODD = 'https://news.example/informe final (versión 2)/<draft>.html';
const ENCODED = 'https://news.example/informe%20final%20%28versi%C3%B3n%202%29/%3Cdraft%3E.html';

describe('update posts about a document with an odd url', () => {
  it('a single post links the address percent-encoded', () => {
    const body = renderUpdate(
      { kind: 'document', subscriptionId: 1, filters: [''], mentionRoleIds: [], document: doc(1, ODD) },
      'n',
    );
    expect(body.embeds[0]?.url).toBe(ENCODED);
  });

  it('a digest links each address percent-encoded', () => {
    const body = renderUpdate(
      {
        kind: 'digest',
        subscriptionId: 1,
        filters: [''],
        mentionRoleIds: [],
        documents: [doc(1, ODD), doc(2, 'https://news.example/plain')],
      },
      'n',
    );
    expect(body.embeds[0]?.description).toBe(
      `• [Report 1](${ENCODED}) — 20 October 2025\n• [Report 2](https://news.example/plain) — 20 October 2025`,
    );
  });
});
