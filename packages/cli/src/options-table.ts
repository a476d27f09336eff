import type { FlagSpec } from './flags.js';

function value(f: FlagSpec): string {
  if (f.kind === 'boolean') return '';
  if (f.kind === 'choice') return (f.choices ?? []).map((c) => `\`${c}\``).join(' \\| ');
  const range =
    f.min !== undefined && f.max !== undefined
      ? ` in ${f.exclusiveMin ? '(' : '['}${f.min}, ${f.max}${f.exclusiveMax ? ')' : ']'}`
      : f.min !== undefined
        ? ` ${f.exclusiveMin ? '>' : '≥'} ${f.min}`
        : f.max !== undefined
          ? ` ${f.exclusiveMax ? '<' : '≤'} ${f.max}`
          : '';
  return `\`${(f.valueName ?? '<value>').replace(/\|/g, '\\|')}\`${range}`;
}

/** A Markdown table of `flags` (flag, value and range, default, help) for the README; built from the same specs as `--help`. */
export function optionsTable(flags: readonly FlagSpec[]): string {
  const rows = flags.map((f) => `| \`--${f.negatable ? '[no-]' : ''}${f.name}\` | ${value(f)} | ${(f.defaultText ?? '').replace(/\|/g, '\\|')} | ${f.help.replace(/\|/g, '\\|')} |`);
  return ['| Flag | Value | Default | What it does |', '|---|---|---|---|', ...rows].join('\n');
}
