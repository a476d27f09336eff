// A process of @ampmix/sweep's local pool (tinypool, runtime child_process): imports the runner module once
// and runs one run per task. Plain JavaScript so it runs from the source tree and from the package alike.
const runners = new Map();

// an orphaned pool process (its coordinator was killed) exits instead of training on
process.on('disconnect', () => process.exit(0));

/** @param {{ runner: string, run: any, context: any }} task */
export default async function runTask({ runner, run, context }) {
  let mod = runners.get(runner);
  if (!mod) {
    mod = await import(runner);
    runners.set(runner, mod);
  }
  if (typeof mod.run !== 'function') throw new TypeError(`runner ${runner} exports no run(run, context) function`);
  return mod.run(run, context);
}
