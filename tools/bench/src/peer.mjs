// The PyTorch peer: runs peers/bench_step.py with Debian's python3-torch and collects its timings.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** Runs peers/bench_step.py once with one config; resolves to its rows. */
function runPeerProcess(python, config, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [SCRIPT, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      if (code !== 0 || !lines.at(-1)?.done) {
        reject(new Error(`PyTorch peer failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      resolve(lines.filter((l) => !l.done));
    });
  });
}

/**
 * Runs the peer for `models` × modes, one process per thread count (torch.set_num_threads and the BLAS/OpenMP
 * thread variables all set to it), and resolves to its result rows
 * ({ model, mode, threads, medianMs, minMs, maxMs, cpuMedianMs, steps, loss }). Rejects when the script fails.
 */
export async function runPeer(python, { shapes, models, modes, threads, steps, warmup, libPath = null }) {
  const rows = [];
  for (const t of threads) {
    rows.push(...(await runPeerProcess(python, { shapes, models, modes, threads: [t], steps, warmup }, peerEnv(libPath, t))));
  }
  return rows;
}
