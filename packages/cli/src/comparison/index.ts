export { runTextComparison } from './text-comparison.js';
export type { ComparisonConfig, TextComparisonOptions, TextComparisonResult, TextComparisonSettings, TextComparisonSpec } from './text-comparison.js';
export { runTextComparisonCli, textComparisonFlags, textComparisonSettings } from './comparison-cli.js';
export type { TextComparisonCommand } from './comparison-cli.js';
