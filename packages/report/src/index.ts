/**
 * @ampmix/report — reports of ampmix runs (Liu et al., EMNLP 2021, arXiv 2109.07177): figures drawn with
 * vega-lite from the runs' JSONL logs, rendered to SVG and PNG (resvg), an HTML page, and the comparison
 * table of paired runs. Node only.
 */
export { writeReport, loadReportRuns, defaultReportDir, findRunLogs, LOG_FILE, LAMBDA_FILE, REPORT_MARKER } from './write-report.js';
export type { ReportOptions, ReportOutput } from './write-report.js';
export { readRunLog, parseRunLog, extraConfig, RunLogError } from './run-log.js';
export type { EvalPoint, RunLog, StepPoint } from './run-log.js';
export { recordLambdas } from './lambda-recorder.js';
export type { LambdaHistograms, LambdaRecorder } from './lambda-recorder.js';
export { summarizeCompare, formatCompareTable } from './compare-table.js';
export type { CompareInput, CompareRow } from './compare-table.js';
export { reportFigures } from './figures.js';
export type { FigureSpec } from './figures.js';
export { specToSvg, svgToPng } from './render.js';
export { fontOptions, FONT_ENV } from './fonts.js';
export type { FontChoice } from './fonts.js';
export { writeFileAtomic, writeDirAtomic, checkReplaceableDir } from './atomic.js';
