import { defineConfig } from 'vitest/config';

// runs the built tool as a user would (no source aliases)
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 } });
