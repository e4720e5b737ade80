"""Input that used to break a session or lose output: over-long literals, floods of lines, System.exit, deep
recursion, megabytes of garbage. Each must give a clear error or all its output, and leave the kernel running."""
import re
import unittest

import nbformat
from nbclient import NotebookClient

from harness import Kernel


class HardeningTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel("kernel-hardening.log")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def value(self, code):
        run = self.kernel.execute(code)
        self.assertEqual("ok", run.status, "cell failed: %r\n%s" % (code[:200], run.error()))
        return run.result()["text/plain"]

    def assert_session_intact(self, variable, expected):
        self.assertEqual("2", self.value("1 + 1"))
        self.assertEqual(expected, self.value(variable), "a variable from before the failure is still there")

    # ------------------------------------------------------------------ literals javac cannot write

    def test_string_constant_too_long_is_shown_dropped_and_the_session_goes_on(self):
        self.value("int beforeBigString = 3; beforeBigString")
        run = self.kernel.execute('String big = "%s";' % ("a" * 70000))
        self.assertEqual("error", run.status)
        self.assertEqual("CompileError", run.error()["ename"])
        self.assertIn("constant string too long", run.error()["evalue"])
        self.assertIn("65,535 bytes", plain(run.error()["traceback"]))
        self.assertNotIn("note:", run.stderr())
        self.assert_session_intact("beforeBigString", "3")
        self.assertEqual("error", self.kernel.execute("big").status, "the failed declaration was dropped")
        self.assertEqual("1", self.value('String big = "x"; big.length()'), "and the name can be declared again")

    def test_code_too_large_is_shown_and_the_session_goes_on(self):
        self.value("int beforeBigArray = 4; beforeBigArray")
        run = self.kernel.execute("double[] w = {%s};" % ",".join(["1.0"] * 12000))
        self.assertEqual("CompileError", run.error()["ename"])
        self.assertIn("code too large", run.error()["evalue"])
        self.assert_session_intact("beforeBigArray", "4")

    def test_megabyte_garbage_cell_gives_a_short_error(self):
        run = self.kernel.execute("int x = 1 " + "#@!" * 350000)
        self.assertEqual("error", run.status)
        text = plain(run.error()["traceback"])
        self.assertLess(len(text) + len(run.error()["evalue"]), 4000, text[:4000])
        self.assertEqual("2", self.value("1 + 1"))

    # ------------------------------------------------------------------ output floods

    def test_every_line_of_a_flood_arrives_and_the_cell_ends(self):
        n = 100000
        run = self.kernel.execute('for (int i = 0; i < %d; i++) System.out.println("line " + i);' % n, timeout=300)
        self.assertEqual("ok", run.status)
        lines = run.stdout().splitlines()
        self.assertEqual(n, len(lines))
        self.assertEqual(["line %d" % i for i in range(n)], lines)
        self.assertLess(len(run.of_type("stream")), 1000, "lines go out in batches, not one message each")

    def test_every_line_arrives_through_nbclient(self):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "backprop4j", "display_name": "Java (backprop4j)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell('for (int i = 0; i < 20000; i++) System.out.println("line " + i);'),
                    nbformat.v4.new_code_cell('"done"')]
        NotebookClient(nb, timeout=300, kernel_name="backprop4j").execute()
        text = "".join(o["text"] for o in nb.cells[0].outputs if o["output_type"] == "stream")
        self.assertEqual(["line %d" % i for i in range(20000)], text.splitlines())
        self.assertEqual("done", nb.cells[1].outputs[0]["data"]["text/plain"])

    def test_stdout_and_stderr_keep_their_order_when_slow(self):
        run = self.kernel.execute('System.out.println("one"); Thread.sleep(200); System.err.println("two");'
                                  ' Thread.sleep(200); System.out.println("three");')
        texts = [(m["content"]["name"], m["content"]["text"]) for m in run.of_type("stream")]
        self.assertEqual([("stdout", "one\n"), ("stderr", "two\n"), ("stdout", "three\n")], texts)

    # ------------------------------------------------------------------ exits, recursion, unresolved names

    def test_system_exit_in_a_cell_is_an_error_and_the_kernel_lives(self):
        self.value("int beforeExit = 5; beforeExit")
        for call, shown in (("System.exit(3)", "System.exit(3)"), ("Runtime.getRuntime().exit(2)", "Runtime.exit(2)"),
                            ("Runtime.getRuntime().halt(1)", "Runtime.halt(1)")):
            err = self.kernel.execute(call).error()
            self.assertEqual("SystemExit", err["ename"], call)
            self.assertIn(shown + " was called; a cell cannot end the kernel", err["evalue"])
        self.assert_session_intact("beforeExit", "5")

    def test_deep_recursion_trace_collapses_repeated_frames(self):
        self.value("int down(int n) { return down(n + 1) + 1; } 0")
        err = self.kernel.execute("down(0)").error()
        self.assertEqual("StackOverflowError", err["ename"])
        text = plain(err["traceback"])
        self.assertRegex(text, r"the frame above repeated \d{3,} more times")
        self.assertLess(len(text), 2000, text[:3000])

    def test_unresolved_reference_has_a_traceback(self):
        run = self.kernel.execute("void usesMissing() { missingHelper(2); }")
        self.assertIn("cannot be used until method missingHelper(int) is defined", run.stderr())
        err = self.kernel.execute("usesMissing()").error()
        self.assertEqual("UnresolvedReference", err["ename"])
        text = plain(err["traceback"])
        self.assertIn("method usesMissing cannot be invoked until method missingHelper(int) is declared", text)
        self.assertRegex(text, r"at usesMissing \(cell \[\d+\], line 1\)")

    def test_time_of_an_empty_body_never_shows_more_cpu_than_wall(self):
        for _ in range(5):
            out = self.kernel.execute("%%time\n").stdout()
            m = re.search(r"CPU time \(cell thread\): ([\d.]+) (µs|ms|s), wall time: ([\d.]+) (µs|ms|s)", out)
            self.assertIsNotNone(m, out)
            self.assertLessEqual(seconds(m.group(1), m.group(2)), seconds(m.group(3), m.group(4)), out)


def seconds(number, unit):
    return float(number) * {"µs": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def plain(traceback):
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))


if __name__ == "__main__":
    unittest.main()
