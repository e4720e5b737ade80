#!/usr/bin/env python3
"""Golden values from PyTorch for AdversarialGoldenTest: FGSM and PGD (without random start) on a fixed tiny model.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_adversarial_golden.py

What it writes: adversarial_golden.json next to this script, all float64, values flattened row-major:

    state         the model's state_dict: {name: {shape, values}}; the model is
                  nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3)), so the names are 0.weight ... 2.bias
    x, target     the inputs [5, 4] (uniform on [0, 1]) and their class labels [5]
    loss          cross-entropy (mean) on the clean inputs
    input_grad    d loss / d x at the clean inputs
    fgsm          {epsilon, min, max, x_adv, loss}: x_adv = clamp(x + epsilon * sign(input_grad), min, max)
    pgd           {epsilon, step_size, steps, min, max, x_adv, loss}: from x itself (no random start), each step
                  x' = clamp(x' + step_size * sign(grad), max(x - epsilon, min), min(x + epsilon, max));
                  the script checks that PGD ends away from FGSM (the model's parameters are scaled by 4 so that
                  the loss is far from linear on the ball)

The attacks take signs of gradients, so the script refuses a draw in which any gradient element it takes the sign of
is within 1e-8 of zero (a sign there could differ between two correct implementations).
"""
import json
import os

import torch
from torch import nn

torch.manual_seed(14)
model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3)).double()
with torch.no_grad():
    for p in model.parameters():
        p.mul_(4)  # a model far from linear on the ball, so PGD's steps change sign and it ends away from FGSM
x = torch.rand(5, 4, dtype=torch.float64)
target = torch.tensor([0, 1, 2, 1, 0])
loss_fn = nn.CrossEntropyLoss()


def grad_at(point):
    point = point.detach().clone().requires_grad_(True)
    loss = loss_fn(model(point), target)
    (g,) = torch.autograd.grad(loss, point)
    if g.abs().min().item() < 1e-8:
        raise SystemExit("a gradient element is within 1e-8 of zero; change the seed")
    return loss.item(), g


def flat(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


loss, g = grad_at(x)
eps, lo, hi = 0.3, 0.0, 1.0
fgsm = torch.clamp(x + eps * g.sign(), lo, hi)

pgd_eps, step, steps = 0.3, 0.1, 8
low = torch.clamp(x - pgd_eps, lo, hi)
high = torch.clamp(x + pgd_eps, lo, hi)
adv = x.clone()
for _ in range(steps):
    _, ga = grad_at(adv)
    adv = torch.minimum(torch.maximum(adv + step * ga.sign(), low), high)

with torch.no_grad():
    out = {
        "state": {k: flat(v) for k, v in model.state_dict().items()},
        "x": flat(x),
        "target": target.tolist(),
        "loss": loss,
        "input_grad": flat(g),
        "fgsm": {"epsilon": eps, "min": lo, "max": hi, "x_adv": flat(fgsm),
                 "loss": loss_fn(model(fgsm), target).item()},
        "pgd": {"epsilon": pgd_eps, "step_size": step, "steps": steps, "min": lo, "max": hi, "x_adv": flat(adv),
                "loss": loss_fn(model(adv), target).item()},
    }
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adversarial_golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
moved = (adv - fgsm).abs().max().item()
if moved < 1e-3:
    raise SystemExit("PGD ends where FGSM does; the case would not tell them apart")
print("PGD ends up to", moved, "away from FGSM")
print("wrote", path, "clean loss", loss, "fgsm loss", out["fgsm"]["loss"], "pgd loss", out["pgd"]["loss"])
