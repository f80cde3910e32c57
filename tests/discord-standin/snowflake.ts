/** Moved to src/playground/snowflake.ts; re-exported for the tests. */
export * from '../../src/playground/snowflake.js';
