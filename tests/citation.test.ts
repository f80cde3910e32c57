/** One citation, three renderings: the terminal, a Discord answer and an update post agree on who and when. */
import { describe, expect, it } from 'vitest';
import { formatCitation } from '../src/answer/format-answer.js';
import { renderCitation } from '../src/discord/render.js';
import { renderUpdate } from '../src/discord/update-post.js';

const doc = {
  id: 'communique',
  title: 'Joint Communiqué',
  publisher: 'U.S. Department of State, Office of the Spokesperson',
  author: 'Office of the Spokesperson',
  date: '2025-09-03',
  url: 'https://www.state.gov/communique',
};

describe('citations', () => {
  it('the command line cites publisher once, the date spelled out, and the paragraph', () => {
    expect(formatCitation(doc, 4)).toBe(
      'Joint Communiqué — U.S. Department of State, Office of the Spokesperson, 3 September 2025, ¶4',
    );
  });

  it('Discord cites the same, with the title as the link', () => {
    expect(renderCitation(doc, 4)).toBe(
      '— [Joint Communiqué](https://www.state.gov/communique) · U.S. Department of State, Office of the Spokesperson · 3 September 2025 · ¶4',
    );
  });

  it("an update post's byline spells the date the same way", () => {
    const body = renderUpdate(
      {
        kind: 'document',
        subscriptionId: 1,
        filters: [''],
        mentionRoleIds: [],
        document: { documentId: doc.id, ...doc, language: 'en', lead: 'Lead.', quotes: [] },
      },
      'n',
    );
    expect(body.embeds[0]?.author?.name).toBe(
      'U.S. Department of State, Office of the Spokesperson · 3 September 2025',
    );
  });

  it('spells a month-only or year-only date as given', () => {
    expect(formatCitation({ ...doc, date: '2025-09' })).toContain(', September 2025');
    expect(formatCitation({ ...doc, date: '2025' })).toContain(', 2025');
  });
});
