"""One training step mirroring @ampmix/core's mixStep + Adam: plan sampling (λ ~ Beta(1, 1) per example and
a random partner permutation), then

  none : one taped forward at λ = 1 (no mixing) and backward;
  mixup: one taped forward at the plan's λ and backward;
  amp  : Max  — forward at λ with a backward to λ only (g = ∂ mean ℓ / ∂λ); λ' = clip(λ + ε g, 0, 1);
         Min  — forward at λ' (no tape); mask m = [ℓ' > ℓ]; λ* = m ? λ' : λ;
         a taped forward at λ* and backward to the weights (w = 1),

then the global gradient norm and one read-back of the scalar stats (as mixStep does), and Adam.step().
Dropout masks are shared by the passes of a step (same seed), as in mixStep.
"""
import random

import torch
import torch.nn.functional as F


def soft_ce(logits, targets):
    return -(targets * F.log_softmax(logits, dim=-1)).sum(-1)


class Stepper:
    def __init__(self, model, num_classes, mode, epsilon=0.002, seed=7):
        self.model = model
        self.num_classes = num_classes
        self.mode = mode
        self.epsilon = epsilon
        self.rng = random.Random(seed)
        self.opt = torch.optim.Adam(model.parameters(), lr=2e-4)
        self.site = model.sites[0]

    def _loss_at(self, inputs, targets, lam, partners, seed):
        torch.manual_seed(seed)
        if lam is None:
            logits = self.model(inputs)
        else:
            def mix(h):
                l = lam.view(-1, *([1] * (h.dim() - 1)))
                other = h[partners]
                return other + l * (h - other)
            logits = self.model(inputs, mix=mix, site=self.site, partners=partners)
        return soft_ce(logits, targets)

    def step(self, inputs, labels):
        b = labels.shape[0]
        seed = self.rng.getrandbits(31)
        y = F.one_hot(labels, self.num_classes).float()
        self.model.train()
        if self.mode == 'none':
            lam = None
            partners = None
            targets = y
        else:
            lam = torch.tensor([self.rng.betavariate(1.0, 1.0) for _ in range(b)], dtype=torch.float32)
            perm = list(range(b))
            self.rng.shuffle(perm)
            partners = torch.tensor(perm, dtype=torch.long)
            l2 = lam.view(-1, 1)
            targets = y[partners] + l2 * (y - y[partners])
        if self.mode == 'amp':
            lam_g = lam.clone().requires_grad_(True)
            before_t = self._loss_at(inputs, targets, lam_g, partners, seed)
            (g,) = torch.autograd.grad(before_t.mean(), lam_g)
            before = before_t.detach()
            lam_p = torch.clamp(lam + self.epsilon * g, 0.0, 1.0)
            with torch.no_grad():
                after = self._loss_at(inputs, targets, lam_p, partners, seed)
            mask = after > before
            train_lam = torch.where(mask, lam_p, lam)
        else:
            train_lam = lam
            mask = torch.zeros(b, dtype=torch.bool)
        self.opt.zero_grad(set_to_none=True)
        trained = self._loss_at(inputs, targets, train_lam, partners, seed)
        loss = trained.mean()
        loss.backward()
        with torch.no_grad():
            grad_norm = torch.sqrt(sum((p.grad ** 2).sum() for p in self.model.parameters() if p.grad is not None))
            stats = torch.stack([loss.detach(), trained.detach().mean(), mask.float().mean(), grad_norm]).tolist()
        self.opt.step()
        return stats
