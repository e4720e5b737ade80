#!/usr/bin/env python3
"""A 1,000-cell session (trivial cells, tensors, charts, errors, interrupts: tests/jupyter/soak.py) in one
backprop4j kernel, its resident memory sampled every 100 cells and then while it sits idle.

    /usr/bin/python3 benchmarks/kernel_soak.py [--cells 1000] [--idle 120] [--kernels backprop4j,...]

The kernel specs must be installed (benchmarks/run-kernel-soak.sh does it for its run, and adds specs with other
collectors for comparison).
"""
import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "jupyter"))
os.environ.setdefault("BACKPROP4J_TEST_WORK", tempfile.mkdtemp(prefix="backprop4j-soak-"))
import harness  # noqa: E402
import soak  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=120, help="seconds of idling after the cells")
    parser.add_argument("--kernels", default="backprop4j")
    args = parser.parse_args()
    for name in args.kernels.split(","):
        harness.KERNEL_NAME = name
        kernel = harness.Kernel("soak-%s.log" % name)
        try:
            started = time.monotonic()
            print("%s: RSS (MB) after N cells" % name, flush=True)
            samples, wrong = soak.soak(kernel, args.cells, sample=lambda n, mb: print(
                "  %5d cells  %7.1f MB  (%.0f s)" % (n, mb, time.monotonic() - started), flush=True))
            growth = [b[1] - a[1] for a, b in zip(samples[1:], samples[2:])]
            print("  growth per 100 cells after the first 100: mean %.1f MB, max %.1f MB; unexpected statuses: %d"
                  % (sum(growth) / max(1, len(growth)), max(growth, default=0), wrong))
            for t in range(0, args.idle + 1, 30):
                if t:
                    time.sleep(30)
                print("  idle %4d s   %7.1f MB" % (t, soak.rss_mb(kernel.pid)), flush=True)
        finally:
            kernel.shutdown()


if __name__ == "__main__":
    main()
