// Bundle size of each library package for the browser (esbuild, platform browser, minified, ESM), with
// @tensorflow/* external: its own code alone (other @ampmix packages external) and with its @ampmix
// dependencies bundled in. Prints bytes minified and gzipped. Needs the packages built (dist/).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const PACKAGES = ['core', 'input-mixup', 'manifold-mixup', 'cutmix', 'sentence-mixup', 'text', 'vision', 'trainer', 'datasets', 'layers', 'transforms'];
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

async function size(pkg, external) {
  const r = await build({
    entryPoints: [`@ampmix/${pkg}`], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false,
    logLevel: 'silent', external, absWorkingDir: new URL('.', import.meta.url).pathname,
  });
  const out = r.outputFiles[0].contents;
  return [out.length, gzipSync(out).length];
}

console.log('package\town min\town gzip\twith @ampmix deps min\twith @ampmix deps gzip');
for (const pkg of PACKAGES) {
  const [own, ownGz] = await size(pkg, ['@tensorflow/*', '@ampmix/*']);
  const [all, allGz] = await size(pkg, ['@tensorflow/*']);
  console.log(`@ampmix/${pkg}\t${kb(own)}\t${kb(ownGz)}\t${kb(all)}\t${kb(allGz)}`);
}
const [tf, tfGz] = await (async () => {
  const r = await build({ stdin: { contents: "export * from '@tensorflow/tfjs';", resolveDir: new URL('.', import.meta.url).pathname }, bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, logLevel: 'silent' });
  const out = r.outputFiles[0].contents;
  return [out.length, gzipSync(out).length];
})();
console.log(`(@tensorflow/tfjs itself, for scale: ${kb(tf)} min, ${kb(tfGz)} gzip)`);
