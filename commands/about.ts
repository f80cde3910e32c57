/** /about — what the bot answers from, how much of it there is, when it last changed, how to cite it. */
import { EMBED_COLOR } from '../src/discord/documents.js';
import path from 'node:path';
import type { CorpusProblem } from '../src/corpus/types.js';
import { LIMITS, type MessageData } from '../src/discord/limits.js';
import { escapeSource, inlineCode, truncate } from '../src/discord/render.js';
import { reply } from '../src/discord/respond.js';
import type { AnswerIndex, Command } from '../src/discord/types.js';
import type { CommandDefinition } from '../src/discord/command-options.js';

/** Each skipped corpus file by name and why, as many as fit in one embed field. */
function describeProblems(problems: CorpusProblem[]): string {
  const lines = problems.map(
    (p) =>
      `• ${inlineCode(truncate(path.basename(p.file), 80))} ${escapeSource(truncate(`${p.field} ${p.reason}`, 160))}`,
  );
  const max = LIMITS.fieldValue;
  const shown: string[] = [];
  for (const [i, line] of lines.entries()) {
    const rest = `…and ${lines.length - i} more (see the bot's logs)`;
    if ([...shown, line].join('\n').length + rest.length + 1 > max) {
      shown.push(rest);
      break;
    }
    shown.push(line);
  }
  return shown.join('\n');
}

export function buildAbout(index: AnswerIndex): MessageData {
  const stats = index.stats();
  const problems = index.problems();
  const changed = Date.parse(stats.lastChanged);
  const when = Number.isNaN(changed)
    ? stats.lastChanged
    : `<t:${Math.floor(changed / 1000)}:f> (${new Date(changed).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  const fields = [
    { name: 'Documents', value: String(stats.documents), inline: true },
    { name: 'Passages', value: String(stats.passages), inline: true },
    { name: 'Corpus last changed', value: when, inline: true },
    {
      name: 'How to cite',
      value:
        'Cite the original document named under each quote — title, publisher, author, date and paragraph (¶) — not this bot. ' +
        'Quote the passage exactly as shown; “…” marks text left out for length. /source shows the full paragraph and its neighbours.',
      inline: false,
    },
    {
      name: 'Commands',
      value: [
        '/ask — answer a question with quotes',
        '/quote — who said what; /speakers — everyone quoted',
        '/source — one document and a paragraph; /sources — every document',
        '/subscribe, /unsubscribe, /subscriptions — update posts when a new document arrives; /corpus add — add a page (managers)',
        '/about — this',
      ].join('\n'),
      inline: false,
    },
  ];
  if (problems.length > 0) {
    fields.push({ name: 'Skipped files', value: describeProblems(problems), inline: false });
  }
  return {
    embeds: [
      {
        title: 'About pactbot',
        description:
          'I answer questions about the September 2025 US–Mexico security agreement by quoting verbatim passages ' +
          'from a fixed collection of public documents (statements, communiqués, press conferences, news reports), ' +
          'each with its citation. I never paraphrase or generate text: when the documents don’t say it, I say so.',
        color: EMBED_COLOR,
        fields,
      },
    ],
  };
}

/** The /about definition, as Discord receives it. */
const definition = {
  name: 'about',
  description: 'What this bot answers from and how to cite it',
} as const satisfies CommandDefinition;

export const about: Command = {
  data: definition,

  async execute(interaction, { index }) {
    await reply(interaction, buildAbout(index));
  },
};

export default about;
