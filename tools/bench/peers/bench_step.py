"""PyTorch peer of tools/bench: times the same model and training step as the tfjs bench.

usage: /usr/bin/python3 tools/bench/peers/bench_step.py '<json config>'
config: {"shapes": {...the bench shapes...}, "models": ["mlp", "cnn", "lstm"], "modes": ["none", "mixup", "amp"],
         "threads": [1, 2], "steps": 20, "warmup": 3}
Prints one JSON object per (model, mode, threads) on stdout, then {"done": true, "torch": version}.
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from amp_step import Stepper  # noqa: E402
from models import build  # noqa: E402


def batches(name, s, rng, n=4):
    out = []
    for _ in range(n):
        b = s['batch']
        classes = s['mlp']['numClasses'] if name == 'mlp' else s['numClasses']
        labels = torch.tensor([rng.randrange(classes) for _ in range(b)], dtype=torch.long)
        if name == 'mlp':
            inputs = torch.randn(b, s['mlp']['inputSize'], generator=torch.Generator().manual_seed(rng.getrandbits(31)))
        else:
            length, vocab = s['length'], s['vocabSize']
            ids = torch.zeros(b, length, dtype=torch.long)
            shortest = min(5, length)
            for i in range(b):
                n_tok = shortest + rng.randrange(length - shortest + 1)
                ids[i, :n_tok] = torch.tensor([1 + rng.randrange(vocab - 1) for _ in range(n_tok)])
            inputs = ids
        out.append((inputs, labels, classes))
    return out


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def main():
    cfg = json.loads(sys.argv[1])
    s = cfg['shapes']
    for threads in cfg['threads']:
        torch.set_num_threads(threads)
        for name in cfg['models']:
            # one model + Adam per mode, timed round-robin step by step (as the tfjs bench does)
            steppers, data = {}, {}
            for mode in cfg['modes']:
                torch.manual_seed(1)
                rng = random.Random(1)
                model = build(name, s)
                data[mode] = batches(name, s, rng)
                steppers[mode] = Stepper(model, data[mode][0][2], mode)
            for i in range(cfg['warmup']):
                for mode in cfg['modes']:
                    x, y, _ = data[mode][i % 4]
                    steppers[mode].step(x, y)
            times = {mode: [] for mode in cfg['modes']}
            cpu = {mode: [] for mode in cfg['modes']}
            loss = {}
            for i in range(cfg['steps']):
                for mode in cfg['modes']:
                    x, y, _ = data[mode][(cfg['warmup'] + i) % 4]
                    c0 = time.process_time()
                    t0 = time.perf_counter()
                    loss[mode] = steppers[mode].step(x, y)[0]
                    times[mode].append((time.perf_counter() - t0) * 1000)
                    cpu[mode].append((time.process_time() - c0) * 1000)
            for mode in cfg['modes']:
                t = times[mode]
                print(json.dumps({'model': name, 'mode': mode, 'threads': threads, 'medianMs': median(t),
                                  'minMs': min(t), 'maxMs': max(t), 'cpuMedianMs': median(cpu[mode]), 'steps': len(t), 'loss': loss[mode]}), flush=True)
    print(json.dumps({'done': True, 'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    main()
