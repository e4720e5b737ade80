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


# The first cell of a start: 1+1, or with --first-tensor a tensor shown (backprop4j kernels only; IPython keeps 1+1).
FIRST = {"sum": ("1+1", "2"), "tensor": ("Tensor.randn(3, 4)", "tensor(")}


def first_result(kc, code="1+1", timeout=120, expect="2"):
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
            if r["content"]["status"] != "ok" or result is None or not result.startswith(expect):
                raise RuntimeError("%s gave %r (%s)" % (code, result, r["content"]["status"]))
            return


def start_once(name, keep=False, first="sum"):
    """Seconds from starting a kernel to its first result; with keep, also the running kernel's manager and
    client (else it is shut down)."""
    t0 = time.monotonic()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        code, expect = FIRST[first if name.startswith("backprop4j") else "sum"]
        first_result(kc, code, expect=expect)
        start = time.monotonic() - t0
    except BaseException:
        keep = False
        raise
    finally:
        if not keep:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return (start, km, kc) if keep else (start, None, None)


def busy_ticks():
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    return sum(int(fields[i]) for i in (0, 1, 2, 5, 6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--round-trips", type=int, default=50)
    parser.add_argument("--kernels", default="backprop4j-no-aot,backprop4j,python3")
    parser.add_argument("--first-tensor", action="store_true",
                        help="time start-up to a tensor shown (Tensor.randn(3, 4)) instead of to 1+1's result")
    args = parser.parse_args()
    names = args.kernels.split(",")
    specs = KernelSpecManager()
    present = []
    for name in names:
        try:
            specs.get_kernel_spec(name)
            present.append(name)
        except NoSuchKernel:
            print("skipping %s: no such kernel spec (IPython's comes with Debian's python3-ipykernel)" % name)
    # One discarded start each (disk caches), then the starts in turn, so that no kernel gets the quieter minutes.
    for name in present:
        start_once(name)
    starts = {name: [] for name in present}
    ticks0, wall0 = busy_ticks(), time.monotonic()
    for i in range(args.starts):
        for name in present:
            starts[name].append(start_once(name, first="tensor" if args.first_tensor else "sum")[0])
    # Round trips with all kernels running, one cell each in turn, so that other load hits them alike.
    running = {name: start_once(name, keep=True) for name in present}
    trips = {name: [] for name in present}
    try:
        for _ in range(5):   # warm-up
            for name in present:
                first_result(running[name][2])
        for _ in range(args.round_trips):
            for name in present:
                t = time.monotonic()
                first_result(running[name][2])
                trips[name].append(time.monotonic() - t)
    finally:
        for _, km, kc in running.values():
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    load = (busy_ticks() - ticks0) / 100.0 / (time.monotonic() - wall0)
    rows = {name: (starts[name], trips[name], load) for name in present}
    print()
    print("%-18s %28s %30s" % ("kernel", "start-up to first %s (s)" % ("tensor" if args.first_tensor else "result"),
                                "round trip of 1+1 (ms)"))
    print("%-18s %28s %30s" % ("", "median [min, max]", "median [p10, p90]"))
    for name, (s, t, _) in rows.items():
        q = statistics.quantiles(t, n=10) if len(t) >= 2 else [t[0]] * 9
        print("%-18s %14.2f [%5.2f, %5.2f] %16.1f [%5.1f, %5.1f]" % (
            name, statistics.median(s), min(s), max(s), 1000 * statistics.median(t), 1000 * q[0], 1000 * q[-1]))
    if "python3" in rows:
        p = rows["python3"]
        print()
        for name in rows:
            if name != "python3":
                b = rows[name]
                print("%s / IPython: start-up %.1fx, round trip %.1fx (above 1: %s is slower)" % (
                    name, statistics.median(b[0]) / statistics.median(p[0]),
                    statistics.median(b[1]) / statistics.median(p[1]), name))
    print("(%d starts each, in turn, after one discarded start each; %d round trips each, in turn, on kernels "
          "running side by side; cores busy meanwhile, this benchmark included: %.2f)" % (
              args.starts, args.round_trips, next(iter(rows.values()))[2]))


if __name__ == "__main__":
    main()
