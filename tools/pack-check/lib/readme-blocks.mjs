/** Fence languages whose blocks are tested: js blocks run with node, ts blocks type-check with `tsc --strict`. */
export const LANGS = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts' };

/** The marker that exempts the next code block: `<!-- not run: reason -->` on the line(s) just before it. */
const NOT_RUN = /^<!--\s*not run:\s*(.*?)\s*-->$/;

/**
 * The js/ts code blocks of a Markdown text: `[{ lang, line, code, notRun }]`, `line` the 1-based line of
 * the opening fence, `notRun` the reason given by a `<!-- not run: reason -->` comment right before the fence
 * (blank lines between them allowed), or null. Other fences (sh, text, none) are skipped.
 */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trim().startsWith(fence)) end++;
    const lang2 = LANGS[lang.toLowerCase()];
    if (lang2) {
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
      const marker = j >= 0 ? NOT_RUN.exec(lines[j].trim()) : null;
      const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
      blocks.push({ lang: lang2, line: i + 1, code, notRun: marker ? marker[1] : null });
    }
    i = end;
  }
  return blocks;
}
