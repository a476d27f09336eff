import ts from 'typescript';

/**
 * The exports of each declaration file (`.d.ts` of an entry point) that carry no TSDoc comment:
 * `{ [file]: { count, missing: string[] } }`. Re-exports are followed to their declaration.
 */
export function undocumentedExports(files) {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const out = {};
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file}: not a module`);
    const exports = checker.getExportsOfModule(moduleSymbol);
    const missing = exports
      .filter((e) => {
        const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
        return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
      })
      .map((e) => e.name);
    out[file] = { count: exports.length, missing };
  }
  return out;
}
