#!/usr/bin/env python3
"""Kernel latency through jupyter_client, for the backprop4j kernel and IPython's kernel in the same run:
start-up to the first result (start the process, wait until it answers kernel_info, run `1+1`, receive the
result) and a trivial cell's round trip (send `1+1`, receive the reply), on a warm kernel.

    /usr/bin/python3 benchmarks/kernel_latency.py [--starts 5] [--round-trips 50] [--kernels backprop4j,python3]

The kernel specs must be installed: backprop4j (with its AOT cache, as installed by default) and
backprop4j-no-aot (installed with --no-aot-cache); benchmarks/run-kernel-latency.sh does it for its run.
"""
import argparse
import statistics
import time

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager


def first_result(kc, code="1+1", timeout=120):
    msg_id = kc.execute(code)
    deadline = time.monotonic() + timeout
    result = None
    while True:
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "execute_result":
            result = m["content"]["data"]["text/plain"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    while True:
        r = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if r["parent_header"].get("msg_id") == msg_id:
            if r["content"]["status"] != "ok" or result != "2":
                raise RuntimeError("1+1 gave %r (%s)" % (result, r["content"]["status"]))
            return


def measure(name, starts, round_trips):
    start_times = []
    trips = []
    for i in range(starts):
        t0 = time.monotonic()
        km = KernelManager(kernel_name=name)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            first_result(kc)
            start_times.append(time.monotonic() - t0)
            if i == starts - 1:
                for _ in range(5):   # warm-up
                    first_result(kc)
                for _ in range(round_trips):
                    t = time.monotonic()
                    first_result(kc)
                    trips.append(time.monotonic() - t)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return start_times, trips


def busy_ticks():
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    return sum(int(fields[i]) for i in (0, 1, 2, 5, 6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--round-trips", type=int, default=50)
    parser.add_argument("--kernels", default="backprop4j-no-aot,backprop4j,python3")
    args = parser.parse_args()
    names = args.kernels.split(",")
    specs = KernelSpecManager()
    rows = {}
    for name in names:
        try:
            specs.get_kernel_spec(name)
        except NoSuchKernel:
            print("skipping %s: no such kernel spec (IPython's comes with Debian's python3-ipykernel)" % name)
            continue
        ticks0, wall0 = busy_ticks(), time.monotonic()
        start_times, trips = measure(name, args.starts, args.round_trips)
        ticks1, wall1 = busy_ticks(), time.monotonic()
        hz = 100.0
        rows[name] = (start_times, trips, (ticks1 - ticks0) / hz / (wall1 - wall0))
    print()
    print("%-12s %28s %30s %10s" % ("kernel", "start-up to first result (s)", "round trip of 1+1 (ms)", "cores busy"))
    print("%-12s %28s %30s %10s" % ("", "median [min, max]", "median [p10, p90]", ""))
    for name, (s, t, load) in rows.items():
        q = statistics.quantiles(t, n=10) if len(t) >= 2 else [t[0]] * 9
        print("%-12s %14.2f [%5.2f, %5.2f] %16.1f [%5.1f, %5.1f] %10.2f" % (
            name, statistics.median(s), min(s), max(s), 1000 * statistics.median(t), 1000 * q[0], 1000 * q[-1],
            load))
    if "python3" in rows:
        p = rows["python3"]
        print()
        for name in rows:
            if name != "python3":
                b = rows[name]
                print("%s / IPython: start-up %.1fx, round trip %.1fx (above 1: %s is slower)" % (
                    name, statistics.median(b[0]) / statistics.median(p[0]),
                    statistics.median(b[1]) / statistics.median(p[1]), name))
    print("(cores busy: all processes, this benchmark included, averaged over each kernel's measurement; "
          "%d starts, %d round trips each)" % (args.starts, args.round_trips))


if __name__ == "__main__":
    main()
