import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { CommandDefinition } from './command-options.js';
import type { Answer, AskOptions } from '../answer/types.js';
import type { CorpusDocument, CorpusProblem } from '../corpus/types.js';
import type { Logger } from '../log.js';
import type { UpdatesContext } from './updates.js';
import type { FindOptions, SpeakerLookup, SpeakerSummary } from '../quotes/quote-book.js';
import type { Quotation, Speaker } from '../quotes/types.js';

/** What the commands need of the corpus index (`PactIndex` implements it; tests may fake it). */
export interface AnswerIndex {
  documents(): CorpusDocument[];
  problems(): CorpusProblem[];
  getDocument(id: string): CorpusDocument | undefined;
  answerQuestion(question: string, opts?: AskOptions): Answer;
  /** Readies what answering a question needs that takes a while (its sentence embedding, when on). */
  prepareQuestion(question: string): Promise<void>;
  suggestDocuments(partial: string, limit?: number): { id: string; title: string }[];
  stats(): { documents: number; passages: number; lastChanged: string };
  /** The corpus's quotations, for /quote and /speakers (`PactIndex.quotes`, a `QuoteBook`). */
  readonly quotes: QuoteIndex;
  /** Resolves once `quotes` is complete (it is read and named in the background after a start). */
  quotesReady?(): Promise<void>;
}

/** What /quote and /speakers need of the quotations (`QuoteBook` implements it). */
export interface QuoteIndex {
  find(options?: FindOptions): Quotation[];
  speakers(): SpeakerSummary[];
  suggestSpeakers(partial: string, limit?: number): Speaker[];
  resolveSpeaker(text: string): Speaker | undefined;
  /** One speaker, or the several a typed name fits equally (then /quote lists them and names none). */
  lookUpSpeaker(text: string): SpeakerLookup;
}

/** Everything a command handler may use; every field is always there. */
export interface CommandContext {
  index: AnswerIndex;
  logger: Logger;
}

/**
 * The context of the update-post commands (/subscribe, /unsubscribe, /subscriptions, /corpus).
 * Those commands are registered only when update posts are on, so `updates` is always there.
 */
export interface UpdatesCommandContext extends CommandContext {
  updates: UpdatesContext;
}

/**
 * One slash command: its definition as plain JSON (what `deploy-commands` registers) and small
 * handler functions. Buttons whose `custom_id` starts with `<data.name>:` go to `button`.
 */
export interface Command<C extends CommandContext = CommandContext> {
  /** Written `as const satisfies CommandDefinition`; `readOptions(data, interaction)` reads its options typed. */
  data: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, ctx: C): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: C): Promise<void>;
  button?(interaction: ButtonInteraction, ctx: C): Promise<void>;
}
