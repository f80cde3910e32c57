/**
 * Slash-command definitions as typed `as const` data, and their options read back with the types the
 * definition declares: `readOptions(definition, interaction)` gives `{ question: string; source:
 * string | undefined; … }` for /ask, so a renamed option or a forgotten `required` is a type error,
 * not a string that silently reads null.
 */
import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/** One option of a definition, as far as reading it back needs. */
interface OptionDefinition {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean;
}

type Body = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A command's definition as readonly data: what `as const` gives, checked against Discord's shape. */
export type CommandDefinition = Readonly<Omit<Body, 'options'>> & {
  readonly options?: readonly (OptionDefinition & Readonly<NonNullable<Body['options']>[number]>)[];
};

type ValueOf<T extends ApplicationCommandOptionType> = T extends ApplicationCommandOptionType.String
  ? string
  : T extends ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number
    ? number
    : T extends ApplicationCommandOptionType.Boolean
      ? boolean
      : never;

/** The values of a definition's options by name; optional ones may be undefined. */
export type OptionValues<D extends CommandDefinition> = D extends {
  readonly options: readonly (infer O extends OptionDefinition)[];
}
  ? {
      [Opt in O as Opt['name']]: Opt extends { readonly required: true }
        ? ValueOf<Opt['type']>
        : ValueOf<Opt['type']> | undefined;
    }
  : Record<string, never>;

/** Reads every (string, number or boolean) option the definition declares, typed by it. */
export function readOptions<D extends CommandDefinition>(
  definition: D,
  interaction: ChatInputCommandInteraction,
): OptionValues<D> {
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const option of definition.options ?? []) {
    const required = option.required === true;
    const read = interaction.options;
    const value =
      option.type === ApplicationCommandOptionType.String
        ? read.getString(option.name, required)
        : option.type === ApplicationCommandOptionType.Integer
          ? read.getInteger(option.name, required)
          : option.type === ApplicationCommandOptionType.Number
            ? read.getNumber(option.name, required)
            : option.type === ApplicationCommandOptionType.Boolean
              ? read.getBoolean(option.name, required)
              : undefined;
    values[option.name] = value ?? undefined;
  }
  return values as OptionValues<D>;
}
