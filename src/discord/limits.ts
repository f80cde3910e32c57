/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
import type { ButtonStyle, ComponentType } from 'discord.js';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

export { ELLIPSIS } from '../trim-text.js';

/** Plain shapes of what the bot sends (the JSON discord.js puts on the wire). */
export interface EmbedData {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  author?: { name: string; url?: string };
  footer?: { text: string };
  fields?: { name: string; value: string; inline?: boolean }[];
}

export interface ButtonData {
  type: ComponentType.Button;
  style: ButtonStyle;
  label?: string;
  custom_id?: string;
  url?: string;
  disabled?: boolean;
}

export interface ActionRowData {
  type: ComponentType.ActionRow;
  components: ButtonData[];
}

export interface MessageData {
  content?: string;
  embeds?: EmbedData[];
  components?: ActionRowData[];
}

/** Characters an embed counts towards the 6000 total. */
export function embedLength(embed: EmbedData): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every way the message breaks a Discord limit; empty when Discord would accept it. */
export function limitViolations(message: MessageData): string[] {
  const problems: string[] = [];
  if ((message.content?.length ?? 0) > LIMITS.content)
    problems.push(`content ${message.content!.length} > ${LIMITS.content}`);
  const embeds = message.embeds ?? [];
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    total += embedLength(e);
    if ((e.title?.length ?? 0) > LIMITS.embedTitle) problems.push(`embed ${i} title > ${LIMITS.embedTitle}`);
    if ((e.description?.length ?? 0) > LIMITS.embedDescription)
      problems.push(`embed ${i} description > ${LIMITS.embedDescription}`);
    if ((e.footer?.text.length ?? 0) > LIMITS.footerText) problems.push(`embed ${i} footer > ${LIMITS.footerText}`);
    if ((e.author?.name.length ?? 0) > LIMITS.authorName) problems.push(`embed ${i} author > ${LIMITS.authorName}`);
    const fields = e.fields ?? [];
    if (fields.length > LIMITS.embedFields)
      problems.push(`embed ${i} has ${fields.length} fields > ${LIMITS.embedFields}`);
    fields.forEach((f, j) => {
      if (f.name.length > LIMITS.fieldName) problems.push(`embed ${i} field ${j} name > ${LIMITS.fieldName}`);
      if (f.value.length > LIMITS.fieldValue) problems.push(`embed ${i} field ${j} value > ${LIMITS.fieldValue}`);
      if (f.value.length === 0 || f.name.length === 0) problems.push(`embed ${i} field ${j} is empty`);
    });
  });
  if (total > LIMITS.embedTotal) problems.push(`embeds total ${total} > ${LIMITS.embedTotal}`);
  const rows = message.components ?? [];
  if (rows.length > LIMITS.actionRows) problems.push(`${rows.length} action rows > ${LIMITS.actionRows}`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    if (row.components.length > LIMITS.componentsPerRow)
      problems.push(`row ${i} has ${row.components.length} components`);
    for (const c of row.components) {
      if (c.custom_id !== undefined) {
        if (c.custom_id.length > LIMITS.customId) problems.push(`custom_id ${c.custom_id.length} > ${LIMITS.customId}`);
        if (ids.has(c.custom_id)) problems.push(`duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      if ((c.label?.length ?? 0) > LIMITS.buttonLabel) problems.push(`button label > ${LIMITS.buttonLabel}`);
    }
  });
  return problems;
}
