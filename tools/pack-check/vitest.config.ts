import { defineConfig } from 'vitest/config';

// No source aliases: everything here runs against the packed tarballs, installed outside the repository.
// One file at a time (they share the two installed projects and the machine's 2 cores).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
