import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// the browser test drives headless Chromium through whole training runs (software WebGL is slow)
export default mergeConfig(sharedConfig, defineConfig({ test: { testTimeout: 420_000, hookTimeout: 120_000 } }));
