import type { FlagSpec } from './flags.js';

/** What `--help` prints for one command. */
export interface CommandHelp {
  /** e.g. `ampmix train`. */
  command: string;
  /** One-line description. */
  summary: string;
  /** Usage line after the command name, e.g. `[flags]` or `<log-or-dir>... [flags]`. */
  usage: string;
  /** Flags in display order. */
  flags: readonly FlagSpec[];
  /** Example command lines. */
  examples: readonly string[];
  /** Extra paragraphs after the flags. */
  notes?: readonly string[];
}

function flagLabel(f: FlagSpec): string {
  const name = f.negatable ? `--[no-]${f.name}` : `--${f.name}`;
  if (f.kind === 'boolean') return name;
  const value = f.kind === 'choice' ? (f.choices ?? []).join('|') : (f.valueName ?? '<value>');
  return `${name} ${value}`;
}

/** Formats a command's help text: usage, flags with their help and defaults, examples. */
export function formatHelp(h: CommandHelp): string {
  const labels = h.flags.map(flagLabel);
  const width = Math.min(36, Math.max(...labels.map((l) => l.length), 0));
  const lines = [`Usage: ${h.command} ${h.usage}`, '', h.summary, '', 'Flags:'];
  h.flags.forEach((f, i) => {
    const label = labels[i];
    const text = f.defaultText !== undefined ? `${f.help} (default: ${f.defaultText})` : f.help;
    lines.push(label.length > width ? `  ${label}\n  ${' '.repeat(width)}  ${text}` : `  ${label.padEnd(width)}  ${text}`);
  });
  if (h.notes?.length) lines.push('', ...h.notes);
  if (h.examples.length) lines.push('', 'Examples:', ...h.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}
