#!/usr/bin/env python3
"""Golden optimizer trajectories, L-BFGS iterates, learning-rate sequences and clipped gradients from PyTorch,
for the tests in toolkit/src/test/java/org/backprop4j/optim.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_optim_golden.py

What it produces: optim_golden.json next to this script, with four sections.

trajectories  OptimGoldenTest. Each case runs an optimizer for 25 steps on a fixed small problem and records every
              parameter after every step. Problems:
                mlp        loss = mean((tanh(X @ W.T + b) - Y)^2) with parameters W [3, 4], b [3] and u [2]; u is
                           not used by the loss, so it never gets a gradient and must be skipped. Maximizing cases
                           use -loss as the objective.
                embedding  loss = sum(tanh(E[idx]) * T) with E [8, 3], idx = [1, 3, 3, 6] (a repeated row and
                           rows without gradient). "sparse": true cases use F.embedding(..., sparse=True), so
                           PyTorch takes its sparse-gradient path; backprop4j's dense gradient must agree.
              Fields: name, dtype, problem, optimizer (the torch.optim class name), groups [{params: [names],
              options: {PyTorch's keys}}], sparse, data {name: {shape, values}}, init {name: {shape, values}},
              trajectory [[values of each parameter in "params" order] per step], params (the parameter names).
exact         OptimGoldenTest. The mlp cases' optimizers fed fixed gradients for 8 steps, in float64 and float32
              (parameters W [2, 3], b [3], u [2] without gradient; W's second row gets zero gradient on odd
              steps): "grads" per step (null for none), the parameters after each step, and the optimizer's
              state_dict()["state"] at the end (PyTorch's keys; 0-dim tensors as numbers). With no forward or
              backward in between, backprop4j must reproduce all of it bit for bit, under the same keys.
lbfgs         LbfgsTest. Quadratic 0.5 x'Ax - b'x in 6 dimensions and Rosenbrock from (-1.5, 2): the iterate after
              each L-BFGS iteration (steps with max_iter=1, which run the same iterations as one long step), and
              the result of one long step (x, n_iter, func_evals, returned loss).
schedules     ScheduleGoldenTest. An SGD (or Adam, Adagrad) optimizer with two groups at lr 0.1 and 0.05; the
              learning rates after construction and after each of 100 steps ("lrs", 101 rows), and the momentum
              (or beta1) for OneCycleLR. ReduceLROnPlateau cases carry the metric fed at each step.
clipping      GradClippingTest. clip_grad_norm_ and clip_grad_value_ on fixed gradients: the returned total norm
              and the clipped gradients.

Values are float64 unless a case says float32; json writes floats with repr, the shortest string that
round-trips. The Java tests compare parameters to 1e-10 relative (float64) and learning rates to 1e-12.
"""
import json
import math
import os
import warnings
import zlib

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "optim_golden.json")
DTYPES = {"float64": torch.float64, "float32": torch.float32}


def record(t):
    return {"shape": list(t.shape), "values": t.detach().double().reshape(-1).tolist()}


def generator(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode()))


# ------------------------------------------------------------------------------------------ trajectories

STEPS = 25


def mlp_problem(gen, dtype):
    init = {
        "W": torch.randn(3, 4, generator=gen, dtype=torch.float64) * 0.5,
        "b": torch.randn(3, generator=gen, dtype=torch.float64) * 0.1,
        "u": torch.randn(2, generator=gen, dtype=torch.float64),
    }
    data = {
        "X": torch.randn(6, 4, generator=gen, dtype=torch.float64),
        "Y": torch.rand(6, 3, generator=gen, dtype=torch.float64) * 2 - 1,
    }
    return {k: v.to(dtype) for k, v in init.items()}, {k: v.to(dtype) for k, v in data.items()}


def mlp_loss(params, data, sparse):
    return (torch.tanh(data["X"] @ params["W"].T + params["b"]) - data["Y"]).pow(2).mean()


def embedding_problem(gen, dtype):
    init = {"E": torch.randn(8, 3, generator=gen, dtype=torch.float64)}
    data = {
        "idx": torch.tensor([1, 3, 3, 6], dtype=torch.int64),
        "T": torch.randn(4, 3, generator=gen, dtype=torch.float64),
    }
    return {"E": init["E"].to(dtype)}, {"idx": data["idx"], "T": data["T"].to(dtype)}


def embedding_loss(params, data, sparse):
    return (torch.tanh(F.embedding(data["idx"], params["E"], sparse=sparse)) * data["T"]).sum()


PROBLEMS = {"mlp": (mlp_problem, mlp_loss), "embedding": (embedding_problem, embedding_loss)}

TRAJECTORIES = []


def trajectory(name, optimizer, groups, problem="mlp", dtype="float64", sparse=False, maximize_objective=False):
    """groups: [(param names, options)]; maximize_objective negates the loss (for the maximize option)."""
    TRAJECTORIES.append(dict(name=name, optimizer=optimizer, groups=groups, problem=problem, dtype=dtype,
                             sparse=sparse, maximize_objective=maximize_objective))


W_B_U = ["W", "b", "u"]
trajectory("sgd_plain", "SGD", [(W_B_U, dict(lr=0.1))])
trajectory("sgd_momentum", "SGD", [(W_B_U, dict(lr=0.05, momentum=0.9))])
trajectory("sgd_momentum_dampening", "SGD", [(W_B_U, dict(lr=0.05, momentum=0.9, dampening=0.3))])
trajectory("sgd_nesterov", "SGD", [(W_B_U, dict(lr=0.05, momentum=0.9, nesterov=True))])
trajectory("sgd_weight_decay", "SGD", [(W_B_U, dict(lr=0.1, momentum=0.5, weight_decay=0.05))])
trajectory("sgd_maximize", "SGD", [(W_B_U, dict(lr=0.1, momentum=0.9, maximize=True))], maximize_objective=True)
trajectory("sgd_two_groups", "SGD", [(["W"], dict(lr=0.1, momentum=0.9, nesterov=True)),
                                     (["b", "u"], dict(lr=0.02, weight_decay=0.01))])
trajectory("rmsprop_default", "RMSprop", [(W_B_U, dict(lr=0.01))])
trajectory("rmsprop_centered", "RMSprop", [(W_B_U, dict(lr=0.01, centered=True))])
trajectory("rmsprop_momentum", "RMSprop", [(W_B_U, dict(lr=0.005, momentum=0.9))])
trajectory("rmsprop_centered_momentum_weight_decay", "RMSprop",
           [(W_B_U, dict(lr=0.01, alpha=0.9, eps=1e-6, centered=True, momentum=0.5, weight_decay=0.1))])
trajectory("rmsprop_maximize", "RMSprop", [(W_B_U, dict(lr=0.01, maximize=True))], maximize_objective=True)
trajectory("adagrad_default", "Adagrad", [(W_B_U, dict(lr=0.1))])
trajectory("adagrad_options", "Adagrad",
           [(W_B_U, dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, weight_decay=0.02, eps=1e-8))])
trajectory("adagrad_maximize", "Adagrad", [(W_B_U, dict(lr=0.1, maximize=True))], maximize_objective=True)
trajectory("adam_default", "Adam", [(W_B_U, dict(lr=0.01))])
trajectory("adam_amsgrad", "Adam", [(W_B_U, dict(lr=0.01, amsgrad=True))])
trajectory("adam_weight_decay_betas", "Adam", [(W_B_U, dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1))])
trajectory("adam_maximize_amsgrad", "Adam", [(W_B_U, dict(lr=0.01, amsgrad=True, maximize=True))],
           maximize_objective=True)
trajectory("adam_two_groups", "Adam", [(["W"], dict(lr=0.01)),
                                       (["b", "u"], dict(lr=0.05, amsgrad=True, weight_decay=0.1, eps=1e-6))])
trajectory("adamw_default", "AdamW", [(W_B_U, dict(lr=0.01))])
trajectory("adamw_amsgrad_weight_decay", "AdamW", [(W_B_U, dict(lr=0.01, weight_decay=0.1, amsgrad=True))])
trajectory("adamw_maximize", "AdamW", [(W_B_U, dict(lr=0.01, maximize=True))], maximize_objective=True)
trajectory("embedding_sgd_sparse", "SGD", [(["E"], dict(lr=0.5, momentum=0.9))], problem="embedding", sparse=True)
trajectory("embedding_adagrad_sparse", "Adagrad", [(["E"], dict(lr=0.5))], problem="embedding", sparse=True)
trajectory("embedding_adam", "Adam", [(["E"], dict(lr=0.05))], problem="embedding")
trajectory("embedding_rmsprop_centered", "RMSprop", [(["E"], dict(lr=0.05, centered=True))], problem="embedding")
for base in ["sgd_nesterov", "rmsprop_centered_momentum_weight_decay", "adagrad_options", "adam_amsgrad",
             "adamw_amsgrad_weight_decay"]:
    spec = next(t for t in TRAJECTORIES if t["name"] == base)
    trajectory(base + "_float32", spec["optimizer"], spec["groups"], dtype="float32")


def run_trajectory(spec):
    dtype = DTYPES[spec["dtype"]]
    make, loss_fn = PROBLEMS[spec["problem"]]
    init, data = make(generator(spec["problem"]), dtype)
    params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    groups = [dict(params=[params[n] for n in names], **options) for names, options in spec["groups"]]
    # The first group's settings also go to the constructor: PyTorch's Adagrad takes initial_accumulator_value from
    # there for every group, not from the group (backprop4j uses each group's own).
    opt = getattr(torch.optim, spec["optimizer"])(groups, **spec["groups"][0][1])
    names = [n for names, _ in spec["groups"] for n in names]
    steps = []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(params, data, spec["sparse"])
        (-loss if spec["maximize_objective"] else loss).backward()
        opt.step()
        steps.append([params[n].detach().double().reshape(-1).tolist() for n in names])
    assert params.get("u") is None or torch.equal(params["u"], init["u"]), "u must not move"
    return {
        "name": spec["name"], "dtype": spec["dtype"], "problem": spec["problem"], "optimizer": spec["optimizer"],
        "sparse": spec["sparse"], "maximize_objective": spec["maximize_objective"],
        "groups": [{"params": names_, "options": options} for names_, options in spec["groups"]],
        "params": names,
        "init": {k: record(v) for k, v in init.items()},
        "data": {k: record(v) for k, v in data.items()},
        "trajectory": steps,
    }


EXACT_STEPS = 8


def run_exact(spec, dtype_name):
    """The same optimizer fed fixed gradients (no forward or backward), so only the update itself is compared."""
    dtype = DTYPES[dtype_name]
    gen = generator("exact " + spec["name"])
    init = {"W": torch.randn(2, 3, generator=gen, dtype=torch.float64).to(dtype),
            "b": torch.randn(3, generator=gen, dtype=torch.float64).to(dtype),
            "u": torch.randn(2, generator=gen, dtype=torch.float64).to(dtype)}
    params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    groups = [dict(params=[params[n] for n in names], **options) for names, options in spec["groups"]]
    opt = getattr(torch.optim, spec["optimizer"])(groups, **spec["groups"][0][1])
    names = [n for names, _ in spec["groups"] for n in names]
    grads, steps = [], []
    for step in range(EXACT_STEPS):
        g = {"W": torch.randn(2, 3, generator=gen, dtype=torch.float64).to(dtype),
             "b": (torch.randn(3, generator=gen, dtype=torch.float64) * 1e-3).to(dtype)}
        if step % 2 == 1:
            g["W"][1].zero_()  # a row without gradient, as an Embedding's unused rows
        for n, p in params.items():
            p.grad = g[n].clone() if n in g else None
        opt.step()
        grads.append([g[n].double().reshape(-1).tolist() if n in g else None for n in names])
        steps.append([params[n].detach().double().reshape(-1).tolist() for n in names])
    state = {}
    for index, entries in opt.state_dict()["state"].items():
        state[str(index)] = {k: (v.item() if v.dim() == 0 else record(v)) if torch.is_tensor(v) else v
                             for k, v in entries.items() if v is not None}
    return {"name": spec["name"] + "_" + dtype_name, "dtype": dtype_name, "optimizer": spec["optimizer"],
            "groups": [{"params": n, "options": o} for n, o in spec["groups"]], "params": names,
            "init": {k: record(v) for k, v in init.items()}, "grads": grads, "trajectory": steps, "state": state}


# ------------------------------------------------------------------------------------------ L-BFGS

def quadratic():
    gen = generator("quadratic")
    q, _ = torch.linalg.qr(torch.randn(6, 6, generator=gen, dtype=torch.float64))
    a = q @ torch.diag(torch.linspace(1, 20, 6, dtype=torch.float64)) @ q.T
    a = (a + a.T) / 2
    b = torch.randn(6, generator=gen, dtype=torch.float64)
    x0 = torch.randn(6, generator=gen, dtype=torch.float64)
    return {"A": a, "b": b}, x0, lambda x: 0.5 * (x @ (a @ x)) - b @ x


def rosenbrock():
    x0 = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    return {}, x0, lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


# (name, problem, options, iterates recorded, max_iter of the long step). Fixed-step L-BFGS on Rosenbrock is
# chaotic: rounding differences of 1e-16 grow to 1e-8 by its 78th iteration, so its long step stops at 30.
LBFGS_CASES = [
    ("quadratic_fixed_step", quadratic, dict(history_size=3), 12, 100),
    ("quadratic_strong_wolfe", quadratic, dict(history_size=3, line_search_fn="strong_wolfe"), 12, 100),
    ("quadratic_strong_wolfe_full_history", quadratic, dict(line_search_fn="strong_wolfe"), 10, 100),
    ("rosenbrock_strong_wolfe", rosenbrock, dict(line_search_fn="strong_wolfe", tolerance_change=1e-12), 60, 100),
    ("rosenbrock_fixed_step", rosenbrock, dict(lr=0.5, history_size=5), 30, 30),
]


def run_lbfgs(name, problem, options, iterations, long_iterations):
    data, x0, f = problem()

    def optimizer(**extra):
        x = x0.clone().requires_grad_(True)
        opt = torch.optim.LBFGS([x], **dict(options, **extra))

        def closure():
            opt.zero_grad()
            loss = f(x)
            loss.backward()
            return loss
        return x, opt, closure

    x, opt, closure = optimizer(max_iter=1)
    iterates = []
    for _ in range(iterations):
        opt.step(closure)
        iterates.append(x.detach().tolist())
    x, opt, closure = optimizer(max_iter=long_iterations, max_eval=2 * long_iterations)
    loss = opt.step(closure)
    state = opt.state[opt._params[0]]
    return {
        "name": name, "options": options, "data": {k: record(v) for k, v in data.items()}, "x0": x0.tolist(),
        "iterates": iterates,
        "long_step": {"max_iter": long_iterations, "max_eval": 2 * long_iterations, "x": x.detach().tolist(), "n_iter": state["n_iter"],
                      "func_evals": state["func_evals"], "loss": loss.item()},
    }


# ------------------------------------------------------------------------------------------ schedules

SCHEDULE_STEPS = 100
sched = torch.optim.lr_scheduler


def two_groups(kind="SGD", **extra):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    cls = getattr(torch.optim, kind)
    return cls([{"params": [a], "lr": 0.1}, {"params": [b], "lr": 0.05}], **extra)


def plateau_metrics(name, n):
    gen = generator(name)
    out = []
    for i in range(n):
        trend = 1.0 / (1 + 0.2 * i) if i < 30 else 1.0 / 7
        out.append(trend + 0.01 * torch.randn(1, generator=gen, dtype=torch.float64).item())
    return out


SCHEDULES = []


def schedule(name, build, optimizer="SGD", optimizer_options=None, momentum=None, epochs=None, metrics=None):
    """build(opt) -> scheduler; momentum: 'momentum' or 'beta1' to record; epochs: explicit step arguments."""
    SCHEDULES.append((name, build, optimizer, optimizer_options or {}, momentum, epochs, metrics))


schedule("step_lr", lambda o: sched.StepLR(o, step_size=7, gamma=0.5))
schedule("multistep_lr", lambda o: sched.MultiStepLR(o, milestones=[10, 25, 25, 60], gamma=0.3))
schedule("exponential_lr", lambda o: sched.ExponentialLR(o, gamma=0.97))
schedule("cosine_annealing", lambda o: sched.CosineAnnealingLR(o, T_max=30, eta_min=0.001))
schedule("cosine_annealing_tmax100", lambda o: sched.CosineAnnealingLR(o, T_max=100))
schedule("warm_restarts", lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=0.001))
schedule("warm_restarts_tmult1", lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=7))
schedule("warm_restarts_fractional", lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2),
         epochs=[k / 4 for k in range(1, SCHEDULE_STEPS + 1)])
schedule("linear_warmup", lambda o: sched.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10))
schedule("linear_decay", lambda o: sched.LinearLR(o, start_factor=1.0, end_factor=0.2, total_iters=40))
schedule("warmup_then_cosine", lambda o: sched.SequentialLR(
    o, [sched.LinearLR(o, start_factor=0.01, total_iters=10), sched.CosineAnnealingLR(o, T_max=90)], milestones=[10]))
schedule("warmup_then_step", lambda o: sched.SequentialLR(
    o, [sched.LinearLR(o, start_factor=0.2, total_iters=5), sched.StepLR(o, step_size=10, gamma=0.5)],
    milestones=[5]))
schedule("warmup_chained_exponential", lambda o: sched.ChainedScheduler(
    [sched.LinearLR(o, start_factor=0.1, total_iters=5), sched.ExponentialLR(o, gamma=0.95)]))
schedule("lambda_lr", lambda o: sched.LambdaLR(o, lambda e: 1.0 / (1 + 0.1 * e)))
schedule("one_cycle", lambda o: sched.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=100),
         optimizer_options=dict(momentum=0.9), momentum="momentum")
schedule("one_cycle_three_phase_linear_adam", lambda o: sched.OneCycleLR(
    o, max_lr=0.01, total_steps=100, pct_start=0.25, anneal_strategy="linear", three_phase=True, div_factor=10.0,
    final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9), optimizer="Adam", momentum="beta1")
schedule("one_cycle_no_momentum_adagrad", lambda o: sched.OneCycleLR(
    o, max_lr=0.2, total_steps=100, cycle_momentum=False), optimizer="Adagrad")
schedule("plateau_min_rel", lambda o: sched.ReduceLROnPlateau(
    o, mode="min", factor=0.5, patience=3, threshold=1e-2, cooldown=2, min_lr=[0.01, 0.004]),
    metrics=plateau_metrics("plateau_min_rel", SCHEDULE_STEPS))
schedule("plateau_max_abs", lambda o: sched.ReduceLROnPlateau(
    o, mode="max", factor=0.3, patience=2, threshold=0.05, threshold_mode="abs", min_lr=0.001, eps=1e-3),
    metrics=[-m for m in plateau_metrics("plateau_max_abs", SCHEDULE_STEPS)])


def run_schedule(name, build, optimizer, optimizer_options, momentum, epochs, metrics):
    opt = two_groups(optimizer, **optimizer_options)
    s = build(opt)

    def rates():
        return [g["lr"] for g in opt.param_groups]

    def momenta():
        return [g["momentum"] if momentum == "momentum" else g["betas"][0] for g in opt.param_groups]

    lrs = [rates()]
    moms = [momenta()] if momentum else None
    for i in range(SCHEDULE_STEPS):
        opt.step()
        if metrics is not None:
            s.step(metrics[i])
        elif epochs is not None:
            s.step(epochs[i])
        else:
            s.step()
        lrs.append(rates())
        if momentum:
            moms.append(momenta())
    out = {"name": name, "optimizer": optimizer, "lrs": lrs}
    if momentum:
        out["momentum"] = moms
    if epochs is not None:
        out["epochs"] = epochs
    if metrics is not None:
        out["metrics"] = metrics
    return out


# ------------------------------------------------------------------------------------------ clipping

def run_clipping():
    gen = generator("clipping")
    shapes = [(3, 4), (5,), (2, 2, 2)]
    grads = [torch.randn(*s, generator=gen, dtype=torch.float64) for s in shapes]
    cases = []
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (2.0, 1.0), (0.5, math.inf), (1.5, 3.5)]:
        params = [torch.zeros(*s, dtype=torch.float64, requires_grad=True) for s in shapes]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        params.append(torch.zeros(2, dtype=torch.float64, requires_grad=True))  # no gradient: skipped
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        cases.append({"kind": "norm", "max_norm": max_norm, "norm_type": "inf" if norm_type == math.inf else norm_type,
                      "total_norm": total.item(), "clipped": [record(p.grad) for p in params[:-1]]})
    params = [torch.zeros(*s, dtype=torch.float64, requires_grad=True) for s in shapes]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(params, 0.7)
    cases.append({"kind": "value", "clip_value": 0.7, "clipped": [record(p.grad) for p in params]})
    return {"grads": [record(g) for g in grads], "cases": cases}


def main():
    torch.set_default_dtype(torch.float64)
    # step(epoch) is deprecated in PyTorch but is how SequentialLR restarts a schedule and how warm restarts take
    # fractional epochs; the warning says nothing about these cases.
    warnings.filterwarnings("ignore", category=UserWarning, module="torch.optim.lr_scheduler")
    names = [t["name"] for t in TRAJECTORIES] + [c[0] for c in LBFGS_CASES] + [s[0] for s in SCHEDULES]
    assert len(names) == len(set(names)), "duplicate case names"
    exact = [t for t in TRAJECTORIES if t["problem"] == "mlp" and t["dtype"] == "float64"]
    sections = {
        "trajectories": [run_trajectory(t) for t in TRAJECTORIES],
        "exact": [run_exact(t, d) for t in exact for d in ("float64", "float32")],
        "lbfgs": [run_lbfgs(*c) for c in LBFGS_CASES],
        "schedules": [run_schedule(*s) for s in SCHEDULES],
    }
    head = json.dumps({"generator": "toolkit/src/test/resources/golden/make_optim_golden.py",
                       "torch_version": torch.__version__, "clipping": run_clipping()}, separators=(",", ":"))[:-1]
    parts = [head]
    for key, cases in sections.items():  # one case per line keeps diffs readable
        parts.append(',"%s":[\n%s\n]' % (key, ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)))
    with open(OUT, "w") as f:
        f.write("".join(parts) + "}\n")
    print("wrote %d trajectories, %d exact-update cases, %d L-BFGS cases, %d schedules and the clipping cases, %d bytes, to %s"
          % (len(TRAJECTORIES), len(sections["exact"]), len(LBFGS_CASES), len(SCHEDULES), os.path.getsize(OUT), OUT))


if __name__ == "__main__":
    main()
