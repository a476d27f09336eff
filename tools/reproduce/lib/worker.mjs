// A sweep worker (child_process.fork): loads the packages, picks the backend, then runs one spec per
// `run` message and answers `result` or `error`. Exits when the parent goes away.
import { parseArgs } from 'node:util';
import { executeRun } from './execute.mjs';
import { loadPackages } from './runtime.mjs';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'auto' } } });

process.on('disconnect', () => process.exit(0));

/** @param {unknown} msg @returns {Promise<void>} */
const send = (msg) => new Promise((resolve) => { if (process.send) process.send(msg, undefined, undefined, () => resolve()); else resolve(); });

try {
  const pk = await loadPackages();
  const tf = await import('@tensorflow/tfjs');
  const chosen = await pk.core.chooseBackend({ backend: values.backend, log: () => {}, importer: (s) => import(s) });
  const cache = new Map();
  let queue = Promise.resolve();
  process.on('message', (/** @type {any} */ msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'exit') process.exit(0);
    if (msg.type !== 'run') return;
    queue = queue.then(async () => {
      const started = new Date().toISOString();
      try {
        const result = await executeRun(pk, msg.spec, cache);
        await send({ type: 'result', id: msg.id, key: msg.key, result, started, numTensors: tf.memory().numTensors });
      } catch (e) {
        await send({ type: 'error', id: msg.id, key: msg.key, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
      }
    });
  });
  await send({ type: 'ready', pid: process.pid, backend: chosen.choice, tfBackend: chosen.tfBackend, from: pk.from, tfjs: tf.version.tfjs });
} catch (e) {
  process.send?.({ type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exitCode = 1;
  process.disconnect?.();
}
