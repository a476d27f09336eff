// Shared by the examples' run.mjs: production mode (no debug checks, no "install tfjs-node" banner on stderr),
// then the example's built module (dist/index.js beside run.mjs), or one line and exit code 2 when it is not built.
export async function loadBuilt(name, runUrl) {
  (await import('@tensorflow/tfjs')).enableProdMode();
  try {
    return await import(new URL('./dist/index.js', runUrl).href);
  } catch (e) {
    console.error(`${name}: the packages are not built (${String(e.message).split('\n')[0]}); run \`npm run build\` at the repository root first.`);
    process.exit(2);
  }
}
