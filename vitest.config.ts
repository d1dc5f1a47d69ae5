import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file in its own worker (the default, stated so vitest does not print advice after its summary).
    isolate: true,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
