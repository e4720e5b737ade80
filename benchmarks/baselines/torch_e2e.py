#!/usr/bin/python3
"""PyTorch's side of run-e2e.sh: one training workload in this (fresh) process, built as the toolkit's
benchmarks/src/main/java/org/backprop4j/benchmarks/e2e/Workloads.java builds it. Prints
  result WORKLOAD THREADS SAMPLES_PER_S FIRST100_MS PEAK_RSS_MIB
The first-100-steps time counts from before `import torch`.
  /usr/bin/python3 torch_e2e.py WORKLOAD THREADS"""
import time
START = time.perf_counter()
import resource
import statistics
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1 = nn.Linear(16 * 4 * 4, 120)
        self.f2 = nn.Linear(120, 84)
        self.f3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x.flatten(1))))))


class LastStep(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


class Pooled(nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.layer = layer
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.layer(x).mean(1))


def fashion_cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Dropout(0.25), nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


WORKLOADS = {  # id: (model, input shape, batch, clip)
    "mlp_b64": (mlp, (64, 784), 64, False),
    "mlp_b256": (mlp, (256, 784), 256, False),
    "lenet5_b64": (LeNet, (64, 1, 28, 28), 64, False),
    "rnn_tanh_t50_b32": (lambda: LastStep(nn.RNN(32, 128, batch_first=True)), (32, 50, 32), 32, True),
    "lstm_t50_b32": (lambda: LastStep(nn.LSTM(32, 128, batch_first=True)), (32, 50, 32), 32, True),
    "fmnist_cnn_b128": (fashion_cnn, (128, 1, 28, 28), 128, False),
    "transformer_d128_b32": (lambda: Pooled(nn.TransformerEncoderLayer(128, 4, batch_first=True)), (32, 64, 128),
                             32, False),
}


def main():
    workload, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    make, shape, batch, clip = WORKLOADS[workload]
    model = make()
    x = torch.randn(*shape)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        if clip:
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(100):
        step()
    first100 = (time.perf_counter() - START) * 1e3
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < 2.0:
        step()
        n += 1
    per = max(1, int(0.5 / ((time.perf_counter() - t0) / n)))
    times = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(per):
            step()
        times.append((time.perf_counter() - t) / per)
    median = statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("result %s %d %.1f %.1f %.1f" % (workload, threads, batch / median, first100, rss))


if __name__ == "__main__":
    main()
