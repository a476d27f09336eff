"""PyTorch peer of tools/bench: the same models and training step as the tfjs bench, served one step at a time
so that the bench can interleave them with its tfjs steps (one tfjs step, one peer step, …: a change of machine
load hits both alike).

usage: /usr/bin/python3 tools/bench/peers/bench_step.py '<json config>'
config: {"shapes": {...the bench shapes...}, "threads": 1}
Prints {"ready": true, "torch": version, "threads": n}, then answers each line of stdin:
  step <model> <mode>   one training step of that model (mlp | cnn | lstm) and mode (none | mixup | amp); each
                        (model, mode) trains its own model and Adam, built on first use; answers
                        {"wall": ms, "cpu": ms, "loss": loss}
  drop <model>          frees that model's steppers; answers {"dropped": model}
  quit                  answers {"bye": true} and exits
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


def send(obj):
    print(json.dumps(obj), flush=True)


def main():
    cfg = json.loads(sys.argv[1])
    s = cfg['shapes']
    torch.set_num_threads(cfg['threads'])
    steppers = {}
    send({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()})
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == 'step':
            name, mode = cmd[1], cmd[2]
            if (name, mode) not in steppers:
                # the same seeds for every mode, as the tfjs bench builds one case per mode
                torch.manual_seed(1)
                rng = random.Random(1)
                model = build(name, s)
                data = batches(name, s, rng)
                steppers[(name, mode)] = {'stepper': Stepper(model, data[0][2], mode), 'data': data, 'i': 0}
            st = steppers[(name, mode)]
            x, y, _ = st['data'][st['i'] % len(st['data'])]
            st['i'] += 1
            c0 = time.process_time()
            t0 = time.perf_counter()
            loss = st['stepper'].step(x, y)[0]
            send({'wall': (time.perf_counter() - t0) * 1000, 'cpu': (time.process_time() - c0) * 1000, 'loss': loss})
        elif cmd[0] == 'drop':
            for key in [k for k in steppers if k[0] == cmd[1]]:
                del steppers[key]
            send({'dropped': cmd[1]})
        elif cmd[0] == 'quit':
            send({'bye': True})
            return
        else:
            send({'error': f'unknown command {cmd[0]!r}'})


if __name__ == '__main__':
    main()
