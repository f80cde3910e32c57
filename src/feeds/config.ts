import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Analyzer } from '../search/analyze.js';
import { searchableFilterWords } from '../search/filter.js';

export const FEEDS_FILE = 'feeds.yml';
export const DEFAULT_INTERVAL_MINUTES = 60;
export const MIN_INTERVAL_MINUTES = 5;

/** Stop words are the same with or without the corpus's aliases. */
const plainAnalyzer = new Analyzer();

/** One feed to poll, from `corpus/feeds.yml`. */
export interface FeedConfig {
  /** Display name (defaults to the URL's host). */
  name: string;
  url: string;
  /**
   * Filters; an item is taken if ANY of them matches its title/summary/content. Each is a
   * subscription-style filter: words (all must occur) and "quoted phrases". Empty: take all.
   */
  filter: string[];
  /** Minutes between polls. */
  intervalMinutes: number;
  /** Publisher written into saved documents (default: the page's site name, else the feed title). */
  publisher?: string;
  /** Language of the feed's articles, when the pages do not say. */
  language?: 'en' | 'es';
}

export interface FeedConfigProblem {
  /** The entry's name (or URL, or `#<n>`), or the file itself. */
  feed: string;
  field: string;
  reason: string;
}

/** "30", 30, "30m", "2h", "1d" → minutes. */
function parseInterval(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? 'm').toLowerCase()[0];
  return unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
}

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return Boolean(parsed.username || parsed.password);
  } catch {
    return false;
  }
}

/** An address as a problem names it: without a user name or password. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
}

const entrySchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').optional(),
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).refine(
      (url) => !hasCredentials(url),
      // A feed's address is logged, stored and written into each added document's notes.
      'must not contain a user name or password (the bot fetches public feeds only, and would log them): give the public address of the feed',
    ),
    filter: z
      .union([z.string(), z.array(z.string({ error: 'each filter must be text' }))], {
        error: 'must be text or a list of texts',
      })
      .optional(),
    interval: z
      .union([z.number(), z.string()], { error: 'must be minutes (e.g. 30) or a duration like "30m", "2h"' })
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        const minutes = parseInterval(value);
        if (minutes === undefined || !Number.isFinite(minutes)) {
          ctx.addIssue({ code: 'custom', message: 'must be minutes (e.g. 30) or a duration like "30m", "2h"' });
        } else if (minutes < MIN_INTERVAL_MINUTES) {
          ctx.addIssue({
            code: 'custom',
            message: `must be at least ${MIN_INTERVAL_MINUTES} minutes (be kind to publishers)`,
          });
        }
      }),
    publisher: z.string().trim().min(1).optional(),
    language: z.enum(['en', 'es'], { error: 'must be "en" or "es"' }).optional(),
  })
  .strict();

/**
 * Validates the parsed YAML of feeds.yml: `{ feeds: [...] }` or a bare list. A bad entry is
 * reported by its name (or URL, or position) and left out; good entries still load.
 */
export function parseFeedsConfig(data: unknown): { feeds: FeedConfig[]; problems: FeedConfigProblem[] } {
  const feeds: FeedConfig[] = [];
  const problems: FeedConfigProblem[] = [];
  if (data === null || data === undefined) return { feeds, problems };
  const list = Array.isArray(data) ? data : (data as { feeds?: unknown }).feeds;
  if (!Array.isArray(list)) {
    problems.push({ feed: FEEDS_FILE, field: 'feeds', reason: 'must be a list of feeds (each with at least a url)' });
    return { feeds, problems };
  }
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const raw = (entry ?? {}) as Record<string, unknown>;
    const label =
      (typeof raw.name === 'string' && raw.name.trim()) ||
      (typeof raw.url === 'string' && withoutCredentials(raw.url)) ||
      `#${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ feed: label, field: 'entry', reason: 'must be a mapping with at least a url' });
      return;
    }
    const result = entrySchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'entry');
        problems.push({
          feed: label,
          field,
          reason: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
        });
      }
      return;
    }
    const value = result.data;
    if (seen.has(value.url)) {
      problems.push({ feed: label, field: 'url', reason: 'is listed twice' });
      return;
    }
    seen.add(value.url);
    const filters = (value.filter === undefined ? [] : Array.isArray(value.filter) ? value.filter : [value.filter])
      .map((f) => f.trim())
      .filter(Boolean);
    // Such an entry matches every item (as /subscribe explains), and any entry matching is enough.
    const unfiltering = filters.filter((f) => searchableFilterWords(f, plainAnalyzer).length === 0);
    if (unfiltering.length > 0) {
      problems.push({
        feed: label,
        field: 'filter',
        reason:
          `${unfiltering.map((f) => JSON.stringify(f)).join(', ')} has no word that search can match (words as common as "the", "of", "de" or "la" are not indexed), ` +
          'so it would take every item: give at least one distinctive word, or leave the filter out to take every item',
      });
      return;
    }
    feeds.push({
      name: value.name ?? new URL(value.url).hostname,
      url: value.url,
      filter: filters,
      intervalMinutes: value.interval === undefined ? DEFAULT_INTERVAL_MINUTES : parseInterval(value.interval)!,
      ...(value.publisher ? { publisher: value.publisher } : {}),
      ...(value.language ? { language: value.language } : {}),
    });
  });
  return { feeds, problems };
}

/** Reads `<corpusDir>/feeds.yml`. No file: no feeds. Unreadable YAML: one problem naming the file. */
export async function loadFeedsConfig(
  corpusDir: string,
): Promise<{ feeds: FeedConfig[]; problems: FeedConfigProblem[] }> {
  const file = path.join(corpusDir, FEEDS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { feeds: [], problems: [] };
    return {
      feeds: [],
      problems: [{ feed: FEEDS_FILE, field: 'file', reason: `cannot be read: ${(error as Error).message}` }],
    };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return {
      feeds: [],
      problems: [
        { feed: FEEDS_FILE, field: 'file', reason: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` },
      ],
    };
  }
  return parseFeedsConfig(data);
}
