"""Notebooks 02 (RNN gradient clipping) and 04 (backprop from scratch), executed in quick mode through nbclient:
no error outputs, the pictures present, headline numbers in sane ranges, and notebook 04 re-executing to the same
outputs (the cells tagged "timing" excepted)."""
import base64
import os
import re
import unittest

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "notebooks")


def execute(name):
    nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
    saved = os.environ.get("BACKPROP4J_QUICK")
    os.environ["BACKPROP4J_QUICK"] = "1"   # the kernel inherits it: the notebook's parameter cell picks the small size
    try:
        NotebookClient(nb, timeout=600, kernel_name="backprop4j", allow_errors=True,
                       resources={"metadata": {"path": os.environ["BACKPROP4J_TEST_WORK"]}}).execute()
    finally:
        if saved is None:
            del os.environ["BACKPROP4J_QUICK"]
        else:
            os.environ["BACKPROP4J_QUICK"] = saved
    return nb


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def stdout(nb):
    return "".join(o["text"] for c in code_cells(nb) for o in c.get("outputs", [])
                   if o["output_type"] == "stream" and o["name"] == "stdout")


def images(nb, mime):
    return [o["data"][mime] for c in code_cells(nb) for o in c.get("outputs", [])
            if mime in o.get("data", {})]


def number(pattern, text):
    m = re.search(pattern, text)
    if m is None:
        raise AssertionError("no line matching %r in the notebook's output:\n%s" % (pattern, text))
    return float(m.group(1))


class NotebookTestCase(unittest.TestCase):
    def assertNoErrors(self, nb):
        for c in code_cells(nb):
            errors = [o for o in c.get("outputs", []) if o["output_type"] == "error"]
            self.assertEqual([], errors, "cell:\n" + c.source)
        self.assertEqual([], [c.source for c in code_cells(nb) if c.get("execution_count") is None],
                         "every code cell ran")

    def assertPngs(self, nb, at_least, what):
        pngs = images(nb, "image/png")
        self.assertGreaterEqual(len(pngs), at_least, what)
        for p in pngs:
            data = base64.b64decode(p)
            self.assertTrue(data.startswith(b"\x89PNG"))
            self.assertGreater(len(data), 5000, "a picture, not an empty frame")


class RnnClippingNotebookTest(NotebookTestCase):
    def test_clipping_notebook_shows_explosions_clipping_and_vanishing_gradients(self):
        nb = execute("02-rnn-gradient-clipping.ipynb")
        self.assertNoErrors(nb)
        self.assertPngs(nb, 8, "the sequence, gradient norms, loss curves, two heatmaps, the gradient profile, "
                               "a temporal-order sequence and its accuracy curves")
        out = stdout(nb)
        self.assertIn("quick run", out)

        def diverged(setting):
            return number(re.escape(setting) + r": (\d+) of \d+ runs diverged", out)

        def largest(setting):
            return number(re.escape(setting) + r": \d+ of \d+ runs diverged; largest gradient norm (\S+)", out)

        # At learning rate 0.1 the unclipped RNN explodes within the quick run's 150 steps; clipping at 1 prevents it.
        self.assertGreater(largest("RNN, lr 0.1, no clipping"), 100 * largest("RNN, lr 0.1, norm clip 1"),
                           "explosions without clipping, none with it")
        self.assertGreater(diverged("RNN, lr 0.1, no clipping"), 0)
        self.assertEqual(0, diverged("RNN, lr 0.1, norm clip 1"), "clipping the norm at 1 keeps every run stable")
        self.assertEqual(0, diverged("RNN, lr 0.01, norm clip 1"))
        self.assertEqual(0, diverged("LSTM (Adam), no clipping"))
        self.assertLess(largest("LSTM (Adam), no clipping"), 10, "the LSTM's gradient does not explode")
        rnn = number(r"RNN  at the end of training: \|\|dL/dh_1\|\| / \|\|dL/dh_T\|\| = ([-+.e\d]+)", out)
        lstm = number(r"LSTM at the end of training: \|\|dL/dh_1\|\| / \|\|dL/dh_T\|\| = ([-+.e\d]+)", out)
        self.assertLess(rnn, 1, "the RNN's gradient fades towards the start of the sequence")
        self.assertTrue(0 < lstm < 1, "the LSTM's too, in a 150-step run")
        table = next(c for c in code_cells(nb) if "tech.tablesaw.api.Table results" in c.source)
        html = [o for o in table.outputs if o["output_type"] == "execute_result"][0]["data"]["text/html"]
        for setting in ("RNN, lr 0.01, no clipping", "RNN, lr 0.01, norm clip 1", "RNN, lr 0.01, value clip 0.01",
                        "RNN, lr 0.1, no clipping", "RNN, lr 0.1, norm clip 10", "RNN, lr 0.1, norm clip 1",
                        "LSTM (Adam), no clipping"):
            self.assertIn(setting, html)
        self.assertRegex(out, r"headline: adding problem, runs diverged \(all lengths\): RNN, lr 0.01, no clipping \d+/\d+")
        self.assertRegex(out, r"headline: adding problem, median test MSE at T = 50 \(baseline 0.0417\): ")

        # Section 5, the temporal order problem: one line per setting, accuracies in range, the stable runs stable.
        self.assertIn("counts in 2000 sampled sequences", out)
        for setting in ("RNN, lr 0.01, no clipping", "RNN, lr 0.01, norm clip 1", "LSTM (Adam), no clipping"):
            line = re.search(r"temporal order T=50, " + re.escape(setting) + r": accuracy ([\d.]+)% \(chance 25%\), "
                             r"(\d+) of (\d+) runs diverged, reached 90%: (.*), largest gradient norm (\S+)", out)
            self.assertIsNotNone(line, "a temporal-order result line for " + setting + " in:\n" + out)
            accuracy, diverged, runs, _, norm = line.groups()
            self.assertTrue(15 <= float(accuracy) <= 100, "a held-out accuracy in range: " + line.group(0))
            self.assertEqual("0", diverged, line.group(0))
            self.assertEqual("1", runs, "the quick run trains one seed per setting")
            self.assertTrue(0 < float(norm) < 1e6, "a finite gradient norm: " + line.group(0))
        headline = re.search(r"headline: temporal order T = 50 \(chance 25%\): (.*)", out)
        self.assertIsNotNone(headline)
        self.assertEqual(3, len(re.findall(r"\d+\.\d%, 90% in ", headline.group(1))), headline.group(0))
        self.assertRegex(out, r"temporal order section: \d+ s, \d+ CPU-s of the kernel process")
        curves = next(c for c in code_cells(nb) if "held-out accuracy (500 sequences)" in c.source)
        self.assertEqual(1, len([o for o in curves.outputs if "image/png" in o.get("data", {})]),
                         "one accuracy chart per temporal-order length (the quick run has one)")
        order = next(c for c in code_cells(nb) if 'tech.tablesaw.api.Table.create("temporal order' in c.source)
        html = [o for o in order.outputs if o["output_type"] == "execute_result"][0]["data"]["text/html"]
        self.assertIn("steps to 90% accuracy", html)
        self.assertIn("LSTM (Adam), no clipping", html)


class BackpropNotebookTest(NotebookTestCase):
    def test_backprop_notebook_agrees_with_autodiff_and_reexecutes_identically(self):
        first = execute("04-backprop-from-scratch.ipynb")
        self.assertNoErrors(first)
        out = stdout(first)
        self.assertLess(number(r"worst relative difference, hand vs backward: (\S+)", out), 1e-6)
        self.assertLess(number(r"worst relative difference, hand vs central differences: (\S+)", out), 1e-6)
        self.assertIn("gradient check passed", out)
        self.assertRegex(out, r"loss before the update (\S+), after one step of lr 0.5: (\S+)")
        before, after = re.search(r"loss before the update (\S+), after one step of lr 0.5: (\S+)", out).groups()
        self.assertLess(float(after), float(before), "a gradient step lowers the loss")
        self.assertEqual(1, len(images(first, "image/svg+xml")), "the autograd graph drawn by Graphviz")
        self.assertPngs(first, 6, "the timing plot, three gradient-norm charts and two gradient-flow charts")
        self.assertGreater(number(r"finite differences \S+ ms, backward pass \S+ ms: (\S+)x faster", out), 1)
        self.assertGreater(number(r"relu, N\(0, 1\)\+BatchNorm: .*first/last layer gradient (\S+)", out), 0.1)
        self.assertLess(number(r"sigmoid, Xavier: .*first/last layer gradient (\S+)", out), 1e-2,
                        "sigmoid's gradient vanishes in 10 layers")
        self.assertGreater(number(r"relu, N\(0, 1\): +\|g\| first layer +(\S+),", out), 1e6,
                           "ReLU with N(0, 1) weights explodes")
        self.assertLess(number(r"tanh, N\(0, 0.01²\): .*first/last layer gradient (\S+)", out), 1e-6,
                        "tiny weights make the gradient vanish")

        second = execute("04-backprop-from-scratch.ipynb")
        cells = zip(code_cells(first), code_cells(second))
        for a, b in cells:
            if "timing" in a.metadata.get("tags", []):
                continue
            self.assertEqual(strip(a.outputs), strip(b.outputs), "cell re-executes identically:\n" + a.source)


def strip(outputs):
    """The outputs without per-run metadata (execution counts, transient display ids). Printed text may reach the
    client in differently split stream messages (the kernel flushes on a timer), so consecutive stream outputs of the
    same name are joined before comparing."""
    out = []
    for o in outputs:
        o = dict(o)
        o.pop("execution_count", None)
        o.pop("transient", None)
        o.pop("metadata", None)
        if o.get("output_type") == "stream" and out and out[-1].get("output_type") == "stream" \
                and out[-1].get("name") == o.get("name"):
            out[-1]["text"] += o.get("text", "")
            continue
        out.append(o)
    return out


if __name__ == "__main__":
    unittest.main()
