"""How the kernel process ends: with its client, and (telling the client why) when code a cell calls exits."""
import os
import signal
import subprocess
import sys
import textwrap
import time
import unittest

from harness import Kernel

HERE = os.path.dirname(os.path.abspath(__file__))


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open("/proc/%d/stat" % pid) as f:   # a zombie (exited, not yet reaped) is not alive
        return f.read().split(")")[-1].split()[0] != "Z"


def wait_until_gone(pid, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


class LifecycleTest(unittest.TestCase):
    def test_kernel_exits_when_its_client_dies(self):
        # A client process starts a kernel and is then killed with SIGKILL, as a crashed notebook server would be.
        client = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
            import sys, time
            sys.path.insert(0, %r)
            from harness import Kernel
            k = Kernel("kernel-orphan.log")
            print(k.pid, flush=True)
            time.sleep(600)
            """ % HERE)], stdout=subprocess.PIPE, text=True)
        try:
            kernel_pid = int(client.stdout.readline())
            self.assertTrue(alive(kernel_pid))
            client.send_signal(signal.SIGKILL)
            client.wait()
            self.assertTrue(wait_until_gone(kernel_pid, 15), "the kernel %d outlived its client" % kernel_pid)
        finally:
            if client.poll() is None:
                client.kill()
        with open(os.path.join(os.environ["BACKPROP4J_TEST_WORK"], "kernel-orphan.log")) as f:
            self.assertIn("(JPY_PARENT_PID) has ended; the kernel exits", f.read())

    def test_library_code_that_exits_tells_the_client_why(self):
        kernel = Kernel("kernel-exit.log")
        try:
            # Reflection is not rewritten as cell code's own System.exit calls are: it stands for a library's call.
            run = kernel.execute('System.class.getMethod("exit", int.class).invoke(null, 4)', timeout=60)
            self.assertEqual("error", run.status)
            self.assertEqual("SystemExit", run.error()["ename"])
            self.assertIn("Runtime.exit(4) was called by code this cell ran", run.error()["evalue"])
            self.assertTrue(wait_until_gone(kernel.pid, 15))
        finally:
            kernel.kc.stop_channels()
            kernel.km.cleanup_resources()


if __name__ == "__main__":
    unittest.main()
