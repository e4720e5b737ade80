"""A 250-cell session in one kernel (tests/jupyter/soak.py's mix: trivial cells, tensors, charts, errors,
interrupts): every cell ends as it should, what the session keeps alive grows by a bounded amount per cell, and
the kernel gives memory back once idle. benchmarks/run-kernel-soak.sh runs the full 1,000 cells with figures."""
import os
import re
import subprocess
import time
import unittest

import soak
from harness import Kernel

CELLS = 250
# Live heap after a full collection may grow by this much per 100 cells: JShell keeps each snippet's class and
# source, and each source imports every variable defined before it (the kernel keeps only the last 20 expression
# values, CellEvaluator.RECENT_VALUES), so the cost per cell grows with the variables a session declared.
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
            # Idle, G1's periodic collection hands back heap it does not need (it keeps at most 70% of the heap
            # free): the committed heap falls to a few times the live data, unless it was that small already.
            committed = self.committed_mb(kernel)
            target = max(0.75 * committed, 4 * live1 + 64)
            deadline = time.monotonic() + 60
            while self.committed_mb(kernel) > target and time.monotonic() < deadline:
                time.sleep(2)
            print(" [committed heap %.0f -> %.0f MB idle; RSS %.0f MB]" % (
                committed, self.committed_mb(kernel), soak.rss_mb(kernel.pid)), end=" ", flush=True)
            self.assertLessEqual(self.committed_mb(kernel), target, "heap given back when idle")
        finally:
            kernel.shutdown()

    @staticmethod
    def committed_mb(kernel):
        """The kernel JVM's committed heap, asked through jcmd (which runs no cell and allocates nothing there)."""
        jcmd = os.path.join(os.path.dirname(os.environ["BACKPROP4J_TEST_JAVA"]), "jcmd")
        info = subprocess.run([jcmd, str(kernel.pid), "GC.heap_info"], capture_output=True, text=True,
                              timeout=60).stdout
        m = re.search(r"total (?:reserved \d+K, committed )?(\d+)K", info)
        if m is None:
            raise AssertionError("no committed heap in jcmd's answer:\n" + info)
        return int(m.group(1)) / 1024.0

    @staticmethod
    def live_mb(kernel):
        run = kernel.execute(HEAP)
        return float(re.sub(r"[^\d.E+-]", "", run.result()["text/plain"]))


if __name__ == "__main__":
    unittest.main()
