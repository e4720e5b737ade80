"""The kernel through jupyter_client: results, rich display, streams, errors, interrupts, completion, magics."""
import base64
import os
import re
import subprocess
import tempfile
import time
import unittest

from harness import Kernel

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class KernelTest(unittest.TestCase):
    kernel = None

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel("kernel-main.log")
        # The first cell of a fresh kernel: no setup, the toolkit is imported already.
        cls.first = cls.kernel.execute("var x = Tensor.randn(3, 4)")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def run_ok(self, code, timeout=120):
        run = self.kernel.execute(code, timeout)
        self.assertEqual("ok", run.status, "cell failed: %r\n%s" % (code, run.error()))
        return run

    # ------------------------------------------------------------------ values and display

    def test_fresh_kernel_runs_toolkit_code_without_setup(self):
        self.assertEqual("ok", self.first.status, self.first.error())
        self.assertIsNone(self.first.result(), "a declaration shows no value")
        data = self.run_ok("x").result()
        self.assertIn("tensor([[", data["text/plain"])

    def test_tensor_result_carries_html_table(self):
        data = self.run_ok("Tensor.ones(2, 3).requiresGrad(true)").result()
        html = data["text/html"]
        self.assertIn("Tensor [2, 3] float32 requiresGrad", html)
        self.assertIn("<table", html)
        self.assertEqual(6, html.count(">1.</td>"), html)

    def test_expression_becomes_execute_result(self):
        self.assertEqual("2", self.run_ok("1 + 1").result()["text/plain"])
        self.run_ok("int seven = 7;")
        self.assertEqual("7", self.run_ok("seven").result()["text/plain"])
        self.assertIsNone(self.run_ok("seven = 8").result(), "an assignment shows no value, as in Python")

    def test_chart_result_carries_png(self):
        data = self.run_ok('Plots.line("loss", new double[] {3, 2, 1.5, 1.2})').result()
        png = base64.b64decode(data["image/png"])
        self.assertTrue(png.startswith(PNG_SIGNATURE))
        self.assertIn("XYChart 'loss'", data["text/plain"])
        result = self.kernel.execute('Plots.line("loss", new double[] {3, 2})').of_type("execute_result")[0]
        self.assertEqual(640, result["content"]["metadata"]["image/png"]["width"])

    def test_display_by_id_then_updates_in_place(self):
        run = self.run_ok("""
            display(Progress.of("epochs", 3), "bar");
            for (int i = 1; i <= 3; i++) {
                updateDisplay("bar", Progress.of("epochs", 3).withDone(i));
            }
            """)
        shown = run.of_type("display_data")
        updates = run.of_type("update_display_data")
        self.assertEqual(1, len(shown))
        self.assertEqual("bar", shown[0]["content"]["transient"]["display_id"])
        self.assertEqual(3, len(updates))
        self.assertTrue(all(u["content"]["transient"]["display_id"] == "bar" for u in updates))
        self.assertIn("3/3", updates[-1]["content"]["data"]["text/plain"])
        self.assertIn("0/3", shown[0]["content"]["data"]["text/plain"])

    def test_display_without_id_and_bad_id(self):
        run = self.run_ok("display(Tensor.zeros(2)); display(\"plain text\");")
        self.assertEqual(2, len(run.of_type("display_data")))
        run = self.kernel.execute('updateDisplay(" ", 1)')
        self.assertEqual("IllegalArgumentException", run.error()["ename"])
        self.assertIn("display id must be a non-blank string", run.error()["evalue"])

    def test_printf_shows_no_stream_object(self):
        run = self.run_ok('System.out.printf("%d apples%n", 3)')
        self.assertEqual("3 apples\n", run.stdout())
        self.assertIsNone(run.result())

    # ------------------------------------------------------------------ streams

    def test_output_streams_while_the_cell_runs(self):
        run = self.run_ok('System.out.println("first"); Thread.sleep(1500); System.out.println("second");'
                          ' System.err.println("warn");')
        streams = run.of_type("stream")
        first = next(m for m in streams if "first" in m["content"]["text"])
        self.assertGreater(run.reply["arrived"] - first["arrived"], 1.0,
                           "'first' must arrive while the cell still sleeps, not at its end")
        self.assertEqual("first\nsecond\n", run.stdout())
        self.assertEqual("warn\n", run.stderr())

    # ------------------------------------------------------------------ errors

    def test_compile_error_shows_diagnostic_and_snippet(self):
        run = self.kernel.execute('int a = 1;\nString s = a + ;\n')
        self.assertEqual("error", run.status)
        err = run.error()
        self.assertEqual("CompileError", err["ename"])
        text = plain(err["traceback"])
        self.assertIn("cell [%d], line 2" % run.reply["content"]["execution_count"], text)
        self.assertIn("String s = a + ;", text)
        run = self.kernel.execute('int b = "text";')
        self.assertIn("incompatible types", run.error()["evalue"])
        self.assertEqual("3", self.run_ok("1 + 2").result()["text/plain"], "the kernel keeps running")

    def test_runtime_exception_has_trimmed_trace_and_kernel_survives(self):
        run = self.kernel.execute("Tensor a = Tensor.ones(2, 3);\nTensor b = a.matmul(a);")
        self.assertEqual("error", run.status)
        err = run.error()
        self.assertEqual("IllegalArgumentException", err["ename"])
        self.assertIn("matmul", err["evalue"])
        self.assertIn("[2, 3]", err["evalue"])
        trace = plain(err["traceback"])
        self.assertIn("org.backprop4j.ops.LinAlg.matmul", trace)
        self.assertRegex(trace, r"cell \[\d+\], line 2")
        for kernel_frame in ("org.backprop4j.kernel", "jdk.jshell", "java.lang.reflect", "jdk.internal.reflect",
                             "org.dflib"):
            self.assertNotIn(kernel_frame, trace)
        self.assertEqual("ok", self.kernel.execute("a.sum()").status, "a, declared before the throw, stays")

    def test_exception_in_method_from_an_earlier_cell_points_there(self):
        define = self.run_ok("void boom(int n) {\n    if (n > 0) throw new IllegalStateException(\"boom \" + n);\n}")
        count = define.reply["content"]["execution_count"]
        err = self.kernel.execute("boom(3)").error()
        self.assertEqual("IllegalStateException", err["ename"])
        self.assertEqual("boom 3", err["evalue"])
        self.assertIn("boom (cell [%d], line 2)" % count, plain(err["traceback"]))

    # ------------------------------------------------------------------ interrupts

    def interrupt_after(self, code, delay=0.5):
        """Starts code, which prints 'started' once its long part runs, and interrupts it delay seconds after
        that; returns (run, seconds from interrupt to reply)."""
        started = time.monotonic()
        msg_id = self.kernel.kc.execute(code)
        deadline = started + 120
        while time.monotonic() < deadline:
            m = self.kernel.kc.get_iopub_msg(timeout=120)
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                    and "started" in m["content"]["text"]):
                break
        time.sleep(delay)
        sent = time.monotonic()
        self.kernel.km.interrupt_kernel()
        run = self.kernel.wait_for(msg_id, started, timeout=30)
        took = run.reply["arrived"] - sent
        print(" [interrupt to reply: %.3f s]" % took, end=" ", flush=True)
        return run, took

    def test_interrupt_stops_a_loop_that_never_checks(self):
        run, took = self.interrupt_after(
            "Tensor t = Tensor.randn(Rng.seeded(0), 32, 32);\nlong steps = 0;\n"
            "while (true) {\n    t = t.matmul(t).tanh();\n    if (steps++ == 0) System.out.println(\"started\");\n}")
        self.assertLess(took, 2.0)
        self.assertEqual("error", run.status)
        self.assertEqual("Interrupted", run.error()["ename"])
        after = self.run_ok("steps > 0 && t.shape().equals(Shape.of(32, 32))")
        self.assertEqual("true", after.result()["text/plain"], "state from before the interrupt stays usable")

    def test_interrupt_wakes_a_blocking_call(self):
        run, took = self.interrupt_after("{ System.out.println(\"started\"); Thread.sleep(60_000); }")
        self.assertLess(took, 2.0)
        self.assertEqual("Interrupted", run.error()["ename"])
        self.assertEqual("4", self.run_ok("2 + 2").result()["text/plain"])

    def test_interrupt_reaches_library_code_that_checks_for_it(self):
        # Code from a jar (like the toolkit's loops) is not woven with stop checks: it stops because it checks
        # Thread.interrupted(). The class comes in through %jars, which this also tests.
        jar = build_jar("Spin", """
            package spin;
            public class Spin {
                public static long untilInterrupted() {
                    long n = 0;
                    while (!Thread.currentThread().isInterrupted()) { n++; }
                    return n;
                }
            }""")
        self.run_ok("%jars " + jar)
        run, took = self.interrupt_after("{ System.out.println(\"started\"); spin.Spin.untilInterrupted(); }\n"
                                         "System.out.println(\"after\");")
        self.assertLess(took, 2.0)
        self.assertEqual("Interrupted", run.error()["ename"])
        self.assertNotIn("after", run.stdout(), "the rest of the cell does not run after an interrupt")
        self.assertEqual("ok", self.kernel.execute("1").status)

    def test_interrupt_between_cells_is_answered_and_harmless(self):
        reply = self.kernel.interrupt()
        self.assertEqual("interrupt_reply", reply["msg_type"])
        self.assertEqual("5", self.run_ok("5").result()["text/plain"], "an interrupt between cells stops nothing")

    # ------------------------------------------------------------------ completion, inspection, is_complete

    def test_completion_of_tensor_ra_offers_randn(self):
        reply = self.kernel.request(lambda: self.kernel.kc.complete("Tensor.ra", 9))
        content = reply["content"]
        self.assertEqual("ok", content["status"])
        self.assertTrue(any(m.startswith("randn") for m in content["matches"]), content["matches"])
        self.assertTrue(any(m.startswith("rand(") or m == "rand" for m in content["matches"]), content["matches"])
        self.assertEqual(7, content["cursor_start"])
        self.assertEqual(9, content["cursor_end"])

    def test_completion_in_second_snippet_of_a_cell(self):
        code = "int k = 1;\nx.resh"
        reply = self.kernel.request(lambda: self.kernel.kc.complete(code, len(code)))
        self.assertIn("reshape(", reply["content"]["matches"])
        self.assertEqual(len(code) - 4, reply["content"]["cursor_start"])

    def test_inspect_gives_signature_and_javadoc(self):
        reply = self.kernel.request(lambda: self.kernel.kc.inspect("Tensor.randn(3)", 10))
        self.assertTrue(reply["content"]["found"])
        text = reply["content"]["data"]["text/plain"]
        self.assertIn("randn(int... dims)", text)
        self.assertIn("Standard normal", text, "toolkit Javadoc comes from the bundled sources")
        reply = self.kernel.request(lambda: self.kernel.kc.inspect("Math.sqrt(2.0)", 7))
        self.assertIn("sqrt(double", reply["content"]["data"]["text/plain"])

    def test_is_complete(self):
        def status(code):
            return self.kernel.request(lambda: self.kernel.kc.is_complete(code))["content"]
        self.assertEqual("complete", status("int a = 1;")["status"])
        incomplete = status("for (int i = 0; i < 3; i++) {")
        self.assertEqual("incomplete", incomplete["status"])
        self.assertEqual("    ", incomplete["indent"])
        self.assertEqual("invalid", status("int a = ;)")["status"])
        self.assertEqual("complete", status("%time 1 + 1")["status"])

    def test_kernel_info_describes_java(self):
        content = self.kernel.request(self.kernel.kc.kernel_info)["content"]
        self.assertEqual("backprop4j", content["implementation"])
        self.assertEqual("java", content["language_info"]["name"])
        self.assertEqual("java", content["language_info"]["pygments_lexer"])
        self.assertTrue(content["language_info"]["version"].startswith("2"))
        self.assertEqual("5.3", content["protocol_version"])

    def test_history_lists_executed_cells(self):
        self.run_ok("int historyMarker = 42;")
        content = self.kernel.request(lambda: self.kernel.kc.history(hist_access_type="tail", n=50))["content"]
        inputs = [entry[2] for entry in content["history"]]
        self.assertIn("int historyMarker = 42;", inputs)
        content = self.kernel.request(lambda: self.kernel.kc.history(hist_access_type="search",
                                                                     pattern="int historyMarker*"))["content"]
        self.assertEqual(["int historyMarker = 42;"], [entry[2] for entry in content["history"]])

    # ------------------------------------------------------------------ magics

    def test_time_magics(self):
        run = self.run_ok("%time Tensor.ones(100, 100).matmul(Tensor.ones(100, 100)).sum()")
        self.assertRegex(run.stdout(), r"CPU time \(cell thread\): [\d.]+ (µs|ms|s), wall time: [\d.]+ (µs|ms|s)")
        self.assertIn("tensor(1000000.)", run.result()["text/plain"])
        run = self.run_ok("%%time\nint q = 5;\nq * 2")
        self.assertEqual("10", run.result()["text/plain"])
        self.assertIn("wall time", run.stdout())

    def test_load_magic_runs_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsh", delete=False) as f:
            f.write("int triple(int n) { return 3 * n; }\nint loaded = triple(4);\n")
        self.run_ok("%load " + f.name)
        self.assertEqual("12", self.run_ok("loaded").result()["text/plain"])
        err = self.kernel.execute("%load /nonexistent/file.jsh").error()
        self.assertEqual("UsageError", err["ename"])
        self.assertIn("does not exist", err["evalue"])

    def test_env_magic(self):
        self.assertEqual(os.environ["JUPYTER_PATH"] + "\n", self.run_ok("%env JUPYTER_PATH").stdout())
        self.assertIn("JUPYTER_PATH=", self.run_ok("%env").stdout())
        err = self.kernel.execute("%env FOO=1").error()
        self.assertEqual("UsageError", err["ename"])
        self.assertIn("cannot set", err["evalue"])

    def test_classpath_magic_adds_a_folder(self):
        folder = build_classes("Greeter", "package greet; public class Greeter { public static String hi() { "
                                          "return \"hi\"; } }")
        run = self.run_ok("%classpath " + folder + "\ngreet.Greeter.hi()")
        self.assertEqual('hi', run.result()["text/plain"])

    def test_unknown_magic_lists_the_known_ones(self):
        err = self.kernel.execute("%timeit 1 + 1").error()
        self.assertEqual("UsageError", err["ename"])
        for magic in ("%classpath", "%jars", "%time", "%load", "%env", "%%time"):
            self.assertIn(magic, err["evalue"])
        self.assertEqual("UsageError", self.kernel.execute("%%bash\nls").error()["ename"])


def plain(traceback):
    """Traceback lines joined, without their ANSI colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))


def build_classes(name, source):
    """Compiles one class with the JDK's javac into a new folder; returns the folder."""
    folder = tempfile.mkdtemp(prefix="classes-", dir=os.environ["BACKPROP4J_TEST_WORK"])
    path = os.path.join(folder, name + ".java")   # javac -d puts the class under its package
    with open(path, "w") as f:
        f.write(source)
    javac = os.path.join(os.path.dirname(os.environ["BACKPROP4J_TEST_JAVA"]), "javac")
    subprocess.run([javac, "-d", folder, path], check=True)
    os.remove(path)
    return folder


def build_jar(name, source):
    folder = build_classes(name, source)
    jar_tool = os.path.join(os.path.dirname(os.environ["BACKPROP4J_TEST_JAVA"]), "jar")
    jar = os.path.join(os.environ["BACKPROP4J_TEST_WORK"], name.lower() + ".jar")
    subprocess.run([jar_tool, "cf", jar, "-C", folder, "."], check=True)
    return jar


if __name__ == "__main__":
    unittest.main()
