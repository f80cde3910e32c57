import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most test files spend their time waiting (on the Discord stand-in, on spawned bots, on the
    // file watcher), so more workers than cores keep both cores of a small machine busy; vitest's
    // default (cores - 1) runs one file at a time on two cores. On two idle cores: 3 workers 61 s,
    // 4 workers 58 s for the whole suite.
    maxWorkers: 4,
    // Test files share the modules they import within a worker instead of loading discord.js,
    // jsdom and the quotation rules again for every file (most of the former "import" time).
    // No test mocks modules or changes global state that outlives its file.
    isolate: false,
  },
});
