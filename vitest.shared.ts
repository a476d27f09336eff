import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));
const setup = fileURLToPath(new URL('./vitest.setup.ts', import.meta.url));

/** Shared vitest config: tests import workspace packages from source, not dist. */
export const sharedConfig = defineConfig({
  resolve: {
    alias: [
      // a subpath export `@ampmix/<pkg>/<sub>` is built from src/<sub>/index.ts
      { find: /^@ampmix\/([a-z-]+)\/([a-z-]+)$/, replacement: pkg('$1/src/$2/index.ts') },
      { find: /^@ampmix\/([a-z-]+)$/, replacement: pkg('$1/src/index.ts') },
    ],
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    setupFiles: [setup],
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
