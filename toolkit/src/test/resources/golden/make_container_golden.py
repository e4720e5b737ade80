#!/usr/bin/env python3
"""Golden values from PyTorch for ContainerGoldenTest and ShuffleDropoutGoldenTest.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_container_golden.py

What it writes: container_golden.json next to this script, float64, values flattened row-major ({shape, values}):

    model         a small model built from every container (see Net below; the Java test builds the same one):
                  parameter_names  named_parameters() order; buffer_names  named_buffers() order;
                  state_dict_keys  state_dict() order (PyTorch: each module's parameters, then its buffers, then
                  its children); state  the state_dict before the forward ({shape, values, dtype});
                  x, grad_output   the input [5, 3] and the weights of the output in the scalar backpropagated;
                  output           model(x) in training mode; grads  d sum(output * grad_output) / d (every
                  parameter by name, and "x"); buffers_after  the buffers after that forward (BatchNorm statistics);
                  eval_output      model.eval()(x) afterwards (running statistics)
    list_ops      a ModuleList of Linear(1, k) layers edited by append, extend, insert, assignment to a negative
                  index, pop of a positive and of a negative index: the out_features in order and the state-dict
                  keys with their shapes
    dict_ops      the same for a ModuleDict (update, assignment to an existing and a popped key) and the keys and
                  shapes of a ParameterDict and a ParameterList edited likewise
    channel_shuffle  cases {shape, groups, x, output, grad}: grad = d sum(output * grad_output) / d x with
                  grad_output = arange; PyTorch 1.13 has no derivative for channel_shuffle, so grad is the inverse
                  permutation applied to grad_output: PyTorch's channel shuffle with C / groups groups
    alpha_dropout {p, kind, shape, on_ones, on_twos, grad}: the distinct values (sorted) that nn.AlphaDropout or
                  nn.FeatureAlphaDropout in training gives for an input of ones and of twos, and the distinct values
                  of d sum(output) / d input; each list is checked to hold both the kept and the dropped value
    dropout_edges {kind, p, training, x, output, grad}: Dropout1d, Dropout3d (batched and unbatched), AlphaDropout
                  and FeatureAlphaDropout where PyTorch's result does not depend on its generator: in evaluation,
                  and in training with p = 0 and p = 1; grad = d sum(output * (arange + 1)) / d x
"""
import json
import os

import torch
from torch import nn

torch.manual_seed(23)


def flat(t):
    out = {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}
    out["dtype"] = "int64" if t.dtype == torch.int64 else "float64"
    return out


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(3, 4), nn.Linear(4, 4)])
        self.gains = nn.ParameterList([nn.Parameter(torch.randn(4)), nn.Parameter(torch.randn(4))])
        self.heads = nn.ModuleDict({
            "mean": nn.Linear(4, 2),
            "scale": nn.Sequential(nn.BatchNorm1d(4), nn.Linear(4, 2), nn.Softplus()),
        })
        self.offsets = nn.ParameterDict({"mean": nn.Parameter(torch.randn(2)), "scale": nn.Parameter(torch.randn(2))})

    def forward(self, x):
        for block, gain in zip(self.blocks, self.gains):
            x = torch.tanh(block(x)) * gain
        mean = self.heads["mean"](x) + self.offsets["mean"]
        scale = self.heads["scale"](x) * self.offsets["scale"]
        return mean * scale


net = Net().double()
state = {k: flat(v) for k, v in net.state_dict().items()}
x = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
grad_output = torch.randn(5, 2, dtype=torch.float64)
output = net(x)
names = [n for n, _ in net.named_parameters()]
grads = torch.autograd.grad((output * grad_output).sum(), [p for _, p in net.named_parameters()] + [x])
model = {
    "parameter_names": names,
    "buffer_names": [n for n, _ in net.named_buffers()],
    "state_dict_keys": list(net.state_dict().keys()),
    "state": state,
    "x": flat(x),
    "grad_output": flat(grad_output),
    "output": flat(output),
    "grads": {**{n: flat(g) for n, g in zip(names, grads)}, "x": flat(grads[-1])},
    "buffers_after": {n: flat(b) for n, b in net.named_buffers()},
}
net.eval()
with torch.no_grad():
    model["eval_output"] = flat(net(x))


def shapes(module):
    return {k: list(v.shape) for k, v in module.state_dict().items()}


ml = nn.ModuleList([nn.Linear(1, 1)])
ml.append(nn.Linear(1, 2))
ml.extend([nn.Linear(1, 3), nn.Linear(1, 4)])
ml.insert(1, nn.Linear(1, 5))
ml.insert(0, nn.Linear(1, 6))
ml[-1] = nn.Linear(1, 7)
ml.pop(2)
ml.pop(-2)
list_ops = {"out_features": [m.out_features for m in ml], "state": shapes(ml), "keys": list(ml.state_dict().keys())}

md = nn.ModuleDict({"a": nn.Linear(1, 1), "b": nn.Linear(1, 2)})
md.update({"c": nn.Linear(1, 3)})
md["a"] = nn.Linear(1, 4)
md.pop("b")
md["b"] = nn.Linear(1, 5)
pd = nn.ParameterDict({"x": nn.Parameter(torch.zeros(1))})
pd["y"] = nn.Parameter(torch.zeros(2))
pd.update({"x": nn.Parameter(torch.zeros(3))})
pd.pop("y")
pd["z"] = torch.zeros(4)
pl = nn.ParameterList([torch.zeros(1)])
pl.append(nn.Parameter(torch.zeros(2)))
pl.extend([torch.zeros(3), torch.zeros(4)])
pl[-1] = torch.zeros(5)
dict_ops = {
    "module_dict": {"keys": list(md.keys()), "out_features": [m.out_features for m in md.values()],
                    "state": shapes(md), "state_keys": list(md.state_dict().keys())},
    "parameter_dict": {"keys": list(pd.keys()), "state": shapes(pd),
                       "requires_grad": [p.requires_grad for p in pd.values()]},
    "parameter_list": {"state": shapes(pl), "state_keys": list(pl.state_dict().keys()),
                       "requires_grad": [p.requires_grad for p in pl]},
}

shuffles = []
for shape, groups in [([2, 6, 3], 3), ([1, 8, 2, 2], 4), ([2, 4, 2, 1, 2], 2), ([1, 6, 2], 1), ([3, 6, 4], 6),
                      ([2, 6, 2, 2], 2)]:
    xs = torch.randn(*shape, dtype=torch.float64)
    out = nn.ChannelShuffle(groups)(xs)
    go = torch.arange(out.numel(), dtype=torch.float64).reshape(out.shape)
    # PyTorch 1.13 has no derivative for channel_shuffle; the gradient of a permutation is the inverse permutation,
    # which is PyTorch's channel shuffle with C / groups groups (checked to undo the forward here)
    g = nn.ChannelShuffle(shape[1] // groups)(go)
    if not torch.equal(nn.ChannelShuffle(shape[1] // groups)(out), xs):
        raise SystemExit("the inverse shuffle does not undo the shuffle")
    shuffles.append({"shape": shape, "groups": groups, "x": flat(xs), "output": flat(out), "grad": flat(g)})

alphas = []
for kind, layer, shape in [("AlphaDropout", nn.AlphaDropout, [4000]), ("AlphaDropout", nn.AlphaDropout, [40, 50]),
                           ("FeatureAlphaDropout", nn.FeatureAlphaDropout, [40, 50, 3])]:
    for p in [0.1, 0.5, 0.9]:
        d = layer(p).train()
        ones = torch.ones(*shape, dtype=torch.float64, requires_grad=True)
        out1 = d(ones)
        (g,) = torch.autograd.grad(out1.sum(), ones)
        out2 = d(torch.full(shape, 2.0, dtype=torch.float64))
        case = {"p": p, "kind": kind, "shape": shape, "on_ones": sorted(set(out1.detach().reshape(-1).tolist())),
                "on_twos": sorted(set(out2.reshape(-1).tolist())), "grad": sorted(set(g.reshape(-1).tolist()))}
        for name in ("on_ones", "on_twos", "grad"):
            if len(case[name]) != 2:
                raise SystemExit(f"{kind} p={p}: {name} has {len(case[name])} distinct values, expected 2")
        alphas.append(case)

edges = []
for kind, shape in [("Dropout1d", [2, 3, 4]), ("Dropout1d", [3, 4]), ("Dropout3d", [2, 2, 2, 1, 2]),
                    ("Dropout3d", [2, 2, 1, 2]), ("AlphaDropout", [3, 4]), ("FeatureAlphaDropout", [2, 3, 2])]:
    for mode, p in [("eval", 0.5), ("train", 0.0), ("train", 1.0)]:
        d = getattr(nn, kind)(p)
        d.train(mode == "train")
        xs = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        out = d(xs)
        go = torch.arange(out.numel(), dtype=torch.float64).reshape(out.shape) + 1
        (g,) = torch.autograd.grad((out * go).sum(), xs)
        edges.append({"kind": kind, "p": p, "training": mode == "train", "x": flat(xs), "output": flat(out),
                      "grad": flat(g)})

out = {"model": model, "list_ops": list_ops, "dict_ops": dict_ops, "channel_shuffle": shuffles,
       "alpha_dropout": alphas, "dropout_edges": edges}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "container_golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path, "with", len(names), "parameters,", len(shuffles), "shuffles,", len(alphas), "alpha dropouts")
