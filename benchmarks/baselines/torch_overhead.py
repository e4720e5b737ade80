#!/usr/bin/python3
"""PyTorch baseline for OverheadBenchmark: the same four tiny float32 workloads, one thread.

Run: /usr/bin/python3 torch_overhead.py [--quick]   (run-overhead.sh sets OPENBLAS_NUM_THREADS=1)

Prints comment lines starting with '#', then one line per workload:
    result WORKLOAD MEDIAN_MICROSECONDS
where the median is over repetitions, each the average over enough calls to last about half a second.
"""
import os
import statistics
import sys
import time

import torch

LEARNING_RATE = 0.01


def median_micros(step, reps, rep_seconds, warmup_seconds=0.5):
    """Median over `reps` repetitions of the average time of one call of `step`, in microseconds."""
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < warmup_seconds:
        step()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    iterations = max(1, int(rep_seconds / per_call))
    averages = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        averages.append((time.perf_counter() - start) / iterations)
    return statistics.median(averages) * 1e6


def add_workloads():
    """The one-element adds: `a` requires grad, `b` does not (as in the Java benchmark)."""
    a = torch.ones(1, requires_grad=True)
    b = torch.ones(1)
    sink = [None]

    # Ten adds per call keep the Python loop's own cost small beside the op's; timed with and without grad mode.
    def add_ten():
        for _ in range(10):
            sink[0] = a + b

    def add_backward():
        a.grad = None
        (a + b).backward()
        sink[0] = a.grad

    return add_ten, add_backward


def mlp_sgd_step_fn():
    """A 4-8-2 tanh MLP at batch 1, MSE loss, plain SGD under no_grad: the Java benchmark's step, op for op."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 4, generator=g)
    target = torch.randn(1, 2, generator=g)

    def uniform(bound, *shape):
        return ((torch.rand(*shape, generator=g) - 0.5) * 2 * bound).requires_grad_()

    w1, b1 = uniform(4 ** -0.5, 4, 8), uniform(4 ** -0.5, 8)
    w2, b2 = uniform(8 ** -0.5, 8, 2), uniform(8 ** -0.5, 2)
    parameters = [w1, b1, w2, b2]

    def step():
        hidden = torch.tanh(x @ w1 + b1)
        out = hidden @ w2 + b2
        loss = (out - target).square().mean()
        for p in parameters:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in parameters:
                p.add_(p.grad, alpha=-LEARNING_RATE)
        return loss

    return step


def main():
    quick = "--quick" in sys.argv[1:]
    reps, rep_seconds = (3, 0.2) if quick else (9, 0.5)
    torch.set_num_threads(1)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"{reps} repetitions of about {rep_seconds} s")
    add_ten, add_backward = add_workloads()
    results = [("add_requires_grad", median_micros(add_ten, reps, rep_seconds) / 10)]
    with torch.no_grad():
        results.append(("add_no_grad", median_micros(add_ten, reps, rep_seconds) / 10))
    results.append(("add_backward", median_micros(add_backward, reps, rep_seconds)))
    results.append(("mlp_sgd_step", median_micros(mlp_sgd_step_fn(), reps, rep_seconds)))
    for name, micros in results:
        print(f"result {name} {micros:.4f}", flush=True)


if __name__ == "__main__":
    main()
