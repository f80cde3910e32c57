/** Command options read back typed by their `as const` definition: the types are checked by `npm run typecheck`. */
import { ApplicationCommandOptionType, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { readOptions, type CommandDefinition, type OptionValues } from '../src/discord/command-options.js';

const definition = {
  name: 'demo',
  description: 'demo',
  options: [
    { type: ApplicationCommandOptionType.String, name: 'question', description: 'q', required: true },
    { type: ApplicationCommandOptionType.Integer, name: 'paragraph', description: 'p' },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'b' },
  ],
} as const satisfies CommandDefinition;

/** Just enough of discord.js's option resolver: values by name, null when not given. */
function interactionWith(given: Record<string, string | number | boolean>): ChatInputCommandInteraction {
  const get = (name: string, required?: boolean) => {
    if (name in given) return given[name];
    if (required) throw new Error(`missing ${name}`);
    return null;
  };
  return {
    options: { getString: get, getInteger: get, getNumber: get, getBoolean: get },
  } as unknown as ChatInputCommandInteraction;
}

describe('readOptions', () => {
  it('types each option by its definition: required ones defined, the others possibly undefined', () => {
    expectTypeOf<OptionValues<typeof definition>>().toEqualTypeOf<{
      question: string;
      paragraph: number | undefined;
      private: boolean | undefined;
    }>();
  });

  it('reads the given values and leaves the others undefined', () => {
    expect(readOptions(definition, interactionWith({ question: 'Who?', paragraph: 3 }))).toEqual({
      question: 'Who?',
      paragraph: 3,
      private: undefined,
    });
  });
});
