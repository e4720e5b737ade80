"""A 250-cell session in one kernel (tests/jupyter/soak.py's mix: trivial cells, tensors, charts, errors,
interrupts): every cell ends as it should, what the session keeps alive grows by a bounded amount per cell, and
the kernel gives memory back once idle. benchmarks/run-kernel-soak.sh runs the full 1,000 cells with figures."""
import re
import time
import unittest

import soak
from harness import Kernel

CELLS = 250
# Live heap after a full collection may grow by this much per 100 cells: JShell keeps each snippet's class, source
# and compiler symbols (about 40 KB a snippet, measured), and each expression's value in its $N variable.
LIVE_GROWTH_MB_PER_100 = 25
HEAP = "System.gc(); Runtime rt = Runtime.getRuntime(); (rt.totalMemory() - rt.freeMemory()) / 1e6"


class SoakTest(unittest.TestCase):
    def test_a_long_session_keeps_working_within_bounded_memory(self):
        kernel = Kernel("kernel-soak.log")
        try:
            soak.soak(kernel, 20)   # warm: classes loaded, caches filled
            live0 = self.live_mb(kernel)
            samples, wrong = soak.soak(kernel, CELLS, every=50)
            live1 = self.live_mb(kernel)
            peak = max(mb for _, mb in samples)
            print(" [RSS MB every 50 cells: %s; live heap %.1f -> %.1f MB]" % (
                ", ".join("%.0f" % mb for _, mb in samples), live0, live1), end=" ", flush=True)
            self.assertEqual(0, wrong, "cells that did not end as they should")
            self.assertLess((live1 - live0) * 100 / CELLS, LIVE_GROWTH_MB_PER_100)
            # After a full collection the collector returns what it does not need (G1 shrinks the heap at once,
            # and its periodic collections do the same for a kernel left idle).
            deadline = time.monotonic() + 60
            while soak.rss_mb(kernel.pid) > 0.75 * peak and time.monotonic() < deadline:
                time.sleep(1)
            self.assertLess(soak.rss_mb(kernel.pid), 0.75 * peak, "memory given back when idle")
        finally:
            kernel.shutdown()

    @staticmethod
    def live_mb(kernel):
        run = kernel.execute(HEAP)
        return float(re.sub(r"[^\d.E+-]", "", run.result()["text/plain"]))


if __name__ == "__main__":
    unittest.main()
