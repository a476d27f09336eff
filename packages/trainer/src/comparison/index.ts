export * from './text-comparison.js';
export * from './comparison-cli.js';
