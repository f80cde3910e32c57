import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readCorpusFile } from '../corpus/read-folder.js';

/** A group of names that mean the same thing, e.g. AMLO = Andrés Manuel López Obrador. */
export type AliasGroup = string[];

export const ALIASES_FILE = 'aliases.yml';

const aliasesSchema = z.array(z.array(z.string().trim().min(1)).min(2, 'each group needs at least two names'));

/**
 * Reads `aliases.yml` of a corpus folder. A folder without one simply has no aliases;
 * a malformed one is an error naming the file, since silently losing aliases changes answers.
 */
export async function loadAliases(corpusDir: string): Promise<AliasGroup[]> {
  const file = path.join(corpusDir, ALIASES_FILE);
  // Read by the corpus folder's rules: a pipe or device named aliases.yml is never opened.
  const read = await readCorpusFile(file);
  if ('gone' in read) return [];
  if ('problem' in read) throw new Error(`${file} ${read.problem.reason}`);
  const text = read.file.bytes.toString('utf8');
  const result = aliasesSchema.safeParse(parseYaml(text) ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: entry ${issue?.path.join('.') ?? '?'} ${issue?.message ?? 'has the wrong shape'}`);
  }
  return result.data;
}
