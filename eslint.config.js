// ESLint 9 flat config: typescript-eslint's type-aware recommended rules over every TypeScript file
// (the files `npm run typecheck` checks). Layout is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Rules about values typed `any`, which raw JSON (Discord payloads, SQL rows, parsed files) arrives as. */
const UNSAFE_ANY = {
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/playground/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `const { token: _token, ...rest } = x` is how the code drops a field; `_` marks it unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `[\w\-]` style escapes in character classes are harmless and read clearly next to other escapes.
      'no-useless-escape': 'off',
    },
  },
  {
    // Tests inspect raw JSON from the Discord stand-in, pass fakes' methods to `expect`, write fakes of async
    // interfaces without awaiting, and throw non-Error values to test what the code does with them.
    files: ['tests/**/*.ts'],
    rules: {
      ...UNSAFE_ANY,
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // The playground serves Discord's raw API JSON (typed `any` on purpose: it is Discord's shape, not ours);
    // its HTTP handlers are async so that a schema error becomes a rejected promise the server answers with 400.
    files: ['src/playground/**/*.ts'],
    rules: {
      ...UNSAFE_ANY,
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // SQL rows arrive typed `any` (better-sqlite3 and pg know nothing of the schema); the row mappers
    // (toSubscription, toDelivery, toFeedState in src/store/store.ts) are where they get their types.
    files: ['src/store/**/*.ts'],
    rules: UNSAFE_ANY,
  },
  {
    // Benchmarks read the stand-in's raw JSON, fake async senders without awaiting, and print measured
    // values of mixed types into their table.
    files: ['bench/**/*.ts'],
    rules: {
      ...UNSAFE_ANY,
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The store contract runs one body against both stores: SQLite answers synchronously, PostgreSQL with
    // promises, so awaiting a list of either is the point.
    files: ['tests/store-contract.test.ts'],
    rules: { '@typescript-eslint/await-thenable': 'off' },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
