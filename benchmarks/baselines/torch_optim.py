#!/usr/bin/python3
"""PyTorch baseline for AdamBenchmark: torch.optim.Adam's step (defaults; the single-tensor path, which is 1.13's
default) on one float32 parameter of SIZE elements whose gradient is already there.

Run: /usr/bin/python3 torch_optim.py [--quick] THREADS SIZE...   (run-optim.sh sets OPENBLAS_NUM_THREADS=1 and,
for the "tuned" runs, MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=... so glibc keeps Adam's temporaries instead of
mapping and unmapping them every step)

Prints comment lines starting with '#', then one line per size:
    result adam_step@size=SIZE MEDIAN_MICROSECONDS
"""
import statistics
import sys
import time

import torch


def median_micros(step, reps, rep_seconds, warmup_seconds):
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < warmup_seconds or calls < 3:
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


def adam_step(size):
    generator = torch.Generator().manual_seed(0)
    parameter = torch.randn(size, generator=generator).requires_grad_(True)
    parameter.grad = torch.randn(size, generator=generator)
    adam = torch.optim.Adam([parameter])
    return adam.step


def main(argv):
    quick = "--quick" in argv
    args = [a for a in argv if a != "--quick"]
    if len(args) < 2:
        sys.exit("usage: torch_optim.py [--quick] THREADS SIZE...")
    torch.set_num_threads(int(args[0]))
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}")
    for size in args[1:]:
        micros = median_micros(adam_step(int(size)), reps=3 if quick else 7, rep_seconds=0.5 if quick else 1.0,
                               warmup_seconds=0.5 if quick else 1.0)
        print(f"result adam_step@size={size} {micros:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
