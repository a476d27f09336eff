// Loads the three workspace packages the sweep trains with: the built ones (`npm run build`) when their
// dist is there and newer than their sources, else their TypeScript sources through vite's module runner
// (vite is the workspace's dev dependency), so a fresh checkout runs without a build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (tools/reproduce/lib → ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const PACKAGES = { core: 'core', trainer: 'trainer', report: 'report', text: 'text', sentence: 'sentence-mixup' };

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Whether each package's build is usable: `dist/index.js` exists and is newer than every file of `src/`.
 * @returns {Record<string, { dir: string, built: boolean, fresh: boolean }>}
 */
export function buildState(root = REPO_ROOT) {
  /** @type {Record<string, { dir: string, built: boolean, fresh: boolean }>} */
  const out = {};
  for (const [key, name] of Object.entries(PACKAGES)) {
    const dir = join(root, 'packages', name);
    const dist = join(dir, 'dist', 'index.js');
    const built = existsSync(dist);
    const src = join(dir, 'src');
    const fresh = built && (!existsSync(src) || statSync(dist).mtimeMs >= newestMtime(src));
    out[key] = { dir, built, fresh };
  }
  return out;
}

/**
 * Resolves `auto` to `dist` (every package built and up to date) or `source`.
 * @param {'auto' | 'dist' | 'source'} mode
 */
export function resolveRuntimeMode(mode = 'auto', root = REPO_ROOT) {
  if (mode === 'dist' || mode === 'source') return mode;
  const state = buildState(root);
  return Object.values(state).every((s) => s.fresh) ? 'dist' : 'source';
}

/**
 * Imports `@ampmix/core`; `trainer` holds `@ampmix/trainer/node` and `@ampmix/report`, `sentence` holds
 * `@ampmix/text`, `@ampmix/text/node` and `@ampmix/sentence-mixup`.
 * @param {'auto' | 'dist' | 'source'} [mode] default: the `AMPMIX_REPRODUCE_FROM` environment variable, else `auto`
 * @returns {Promise<{ core: any, trainer: any, sentence: any, from: 'dist' | 'source' }>}
 */
export async function loadPackages(mode = /** @type {any} */ (process.env.AMPMIX_REPRODUCE_FROM ?? 'auto')) {
  if (!['auto', 'dist', 'source'].includes(mode)) throw new Error(`AMPMIX_REPRODUCE_FROM must be auto, dist or source; got ${JSON.stringify(mode)}`);
  const from = resolveRuntimeMode(mode);
  if (from === 'dist') {
    const names = ['@ampmix/core', '@ampmix/trainer/node', '@ampmix/report', '@ampmix/text', '@ampmix/text/node', '@ampmix/sentence-mixup'];
    const [core, trainerNode, report, text, textNode, methods] = await Promise.all(names.map((n) => import(n)));
    return { core, trainer: { ...trainerNode, ...report }, sentence: { ...text, ...textNode, ...methods }, from };
  }
  const { createServer, createServerModuleRunner } = await import('vite');
  const src = (name, sub = '') => join(REPO_ROOT, 'packages', name, 'src', sub, 'index.ts');
  const viteServer = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    resolve: {
      alias: [
        { find: /^@ampmix\/([a-z-]+)\/([a-z-]+)$/, replacement: join(REPO_ROOT, 'packages/$1/src/$2/index.ts') },
        { find: /^@ampmix\/([a-z-]+)$/, replacement: join(REPO_ROOT, 'packages/$1/src/index.ts') },
      ],
    },
  });
  const runner = createServerModuleRunner(viteServer.environments.ssr, { hmr: false });
  const load = (name, sub) => runner.import(pathToFileURL(src(name, sub)).pathname);
  const core = await load(PACKAGES.core);
  const trainer = { ...(await load(PACKAGES.trainer, 'node')), ...(await load(PACKAGES.report)) };
  const sentence = { ...(await load(PACKAGES.text)), ...(await load(PACKAGES.text, 'node')), ...(await load(PACKAGES.sentence)) };
  return { core, trainer, sentence, from };
}
