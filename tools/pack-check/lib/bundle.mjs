import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { build } from 'esbuild';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Bundles `import * as m from '<specifier>'` for a browser (esbuild, `platform: 'browser'`, tfjs external)
 * from `projectDir`'s node_modules. Returns `{ ok, problems, bytes }`: `problems` lists each import that
 * breaks the bundle as `file:line: import "x"` (a Node built-in, or anything else that does not resolve).
 */
export async function browserBundle(specifier, projectDir) {
  const problems = [];
  const found = [];
  const nodeImports = {
    name: 'report-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        found.push({ importer: args.importer, path: args.path });
        return { path: args.path, external: true };
      });
    },
  };
  try {
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(specifier)};\n`, resolveDir: projectDir, loader: 'js' },
      absWorkingDir: projectDir,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      external: ['@tensorflow/*'],
      write: false,
      logLevel: 'silent',
      plugins: [nodeImports],
      metafile: true,
    });
    for (const { importer, path } of found) {
      const chain = importChain(result.metafile, relative(projectDir, importer));
      problems.push(`"${path}" (a Node built-in) imported by ${chain.join(' → ')}`);
    }
    return { ok: problems.length === 0, problems, bytes: result.outputFiles[0].contents.length };
  } catch (error) {
    for (const e of error.errors ?? [{ text: String(error) }]) {
      problems.push(e.location ? `${e.location.file}:${e.location.line}: ${e.text} (${e.location.lineText.trim().slice(0, 120)})` : e.text);
    }
    return { ok: false, problems, bytes: 0 };
  }
}

/** The chain of files from the bundle's entry to `target`, by the metafile's import graph (breadth first). */
function importChain(metafile, target) {
  const entry = '<stdin>';
  const previous = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    if (file === target) break;
    for (const { path } of metafile.inputs[file]?.imports ?? []) {
      if (!previous.has(path) && metafile.inputs[path]) {
        previous.set(path, file);
        queue.push(path);
      }
    }
  }
  if (!previous.has(target)) return [target];
  const chain = [];
  for (let f = target; f !== null; f = previous.get(f)) chain.unshift(f);
  return chain.slice(1);
}
