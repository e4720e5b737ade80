#!/usr/bin/python3
"""PyTorch baselines for the layer benchmarks, float32, one thread: the same work as the JMH classes.

Run: /usr/bin/python3 torch_layers.py [--quick] WORKLOAD...   (run-layers.sh sets OPENBLAS_NUM_THREADS=1)
Workloads: conv2d_forward_backward (ConvBenchmark), lstm_forward_backward (LstmBenchmark).

Prints comment lines starting with '#', then one line per workload:
    result WORKLOAD MEDIAN_MICROSECONDS
"""
import statistics
import sys
import time

import torch


def median_micros(step, reps, rep_seconds, warmup_seconds=1.0):
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


def conv2d_forward_backward():
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(1, 32, 3)
    images = torch.randn(64, 1, 28, 28)

    def step():
        conv.weight.grad = None
        conv.bias.grad = None
        conv(images).sum().backward()

    return step


def lstm_forward_backward():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(32, 128)
    sequence = torch.randn(50, 32, 32)

    def step():
        for p in lstm.parameters():
            p.grad = None
        lstm(sequence)[0].sum().backward()

    return step


WORKLOADS = {"conv2d_forward_backward": conv2d_forward_backward, "lstm_forward_backward": lstm_forward_backward}


def main(argv):
    quick = "--quick" in argv
    names = [a for a in argv if a != "--quick"] or list(WORKLOADS)
    torch.set_num_threads(1)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}")
    for name in names:
        if name not in WORKLOADS:
            sys.exit(f"torch_layers.py: unknown workload {name}; known: {', '.join(WORKLOADS)}")
        micros = median_micros(WORKLOADS[name](), reps=3 if quick else 7, rep_seconds=0.5 if quick else 1.0)
        print(f"result {name} {micros:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
