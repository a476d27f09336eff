// The PyTorch peer: peers/bench_step.py with Debian's python3-torch, kept alive and asked for one step at a time,
// so that its steps interleave with the tfjs steps.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openLiveChild } from './live-child.mjs';

const SCRIPT = fileURLToPath(new URL('../peers/bench_step.py', import.meta.url));
const PROBE = "import torch, json; print(json.dumps({'torch': torch.__version__, 'blas': [l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower()][:1]}))";

/** The peer's environment: `libPath` (e.g. an OpenBLAS directory) first on LD_LIBRARY_PATH; BLAS/OpenMP threads. */
export function peerEnv(libPath, threads) {
  const env = { ...process.env };
  if (libPath) env.LD_LIBRARY_PATH = [libPath, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  if (threads) for (const k of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']) env[k] = String(threads);
  return env;
}

/** Whether `python` can import torch: { ok: true, torch, blas } or { ok: false, message }. */
export function probePeer(python, libPath = null) {
  if (!python) return { ok: false, message: 'PyTorch peer skipped (--no-peer)' };
  if (!existsSync(python)) return { ok: false, message: `PyTorch peer skipped: ${python} not found (apt-get install -y python3-torch)` };
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000, env: peerEnv(libPath, 1) });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').trim().split('\n').at(-1);
    return { ok: false, message: `PyTorch peer skipped: torch is not importable by ${python} (${why}); apt-get install -y python3-torch` };
  }
  const info = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { ok: true, torch: info.torch, blas: info.blas[0] ?? 'unknown' };
}

/**
 * Starts one live peer at `threads` (torch.set_num_threads and the BLAS/OpenMP thread variables all set to it):
 * { threads, step(model, mode) → { wall, cpu, loss } (ms), drop(model), close() }.
 */
export async function openPeer(python, { shapes, threads, libPath = null }) {
  const child = await openLiveChild(`PyTorch peer (${threads} thread${threads > 1 ? 's' : ''})`, python, [SCRIPT, JSON.stringify({ shapes, threads })], { env: peerEnv(libPath, threads) });
  return {
    threads: child.ready.threads,
    torch: child.ready.torch,
    step: (model, mode) => child.ask(`step ${model} ${mode}`),
    drop: (model) => child.ask(`drop ${model}`),
    close: () => child.close(),
  };
}
