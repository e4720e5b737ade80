"""The image-classification (01) and optimizer-comparison (03) notebooks, executed in quick mode through real
Jupyter (nbclient and the installed kernel): no error outputs, the pictures they promise, headline numbers in sane
ranges; 03 executed twice gives the same outputs (timings excepted); one report rendered by headless Chromium to a
PNG that is not blank."""
import base64
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
DATASETS = os.path.join(ROOT, "datasets")
FASHION = os.path.join(DATASETS, "fashion-mnist", "train.arrow")


def execute(name, timeout=900):
    """Executes notebooks/NAME in quick mode, in the test's work folder, and returns the executed notebook."""
    nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="backprop4j", allow_errors=True,
                   resources={"metadata": {"path": os.environ["BACKPROP4J_TEST_WORK"]}}).execute()
    return nb


def outputs(cell, output_type=None):
    return [o for o in cell.get("outputs", []) if output_type is None or o["output_type"] == output_type]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def stdout(nb):
    return "".join(o.get("text", "") for c in code_cells(nb) for o in outputs(c, "stream"))


def pngs(nb):
    """The PNG images a notebook shows: image/png outputs and those embedded in HTML outputs (the live display)."""
    found = []
    for c in code_cells(nb):
        for o in outputs(c):
            data = o.get("data", {})
            if "image/png" in data:
                found.append(base64.b64decode(data["image/png"]))
    return found


def cell_with(nb, text):
    return next(c for c in code_cells(nb) if text in c.source)


# Clock readings: "12 s", "3.4 s", "0:01:02", "12.5 batches/s", "in 3 ms".
TIMINGS = re.compile(r"\d+(\.\d+)?\s*(batches/s|ms|s)\b|\d+:\d\d(:\d\d)?")


def comparable(nb):
    """Every output of every code cell as text, with clock readings blanked; cells that report wall time (their
    source refers to seconds) are left out whole."""
    result = []
    for c in code_cells(nb):
        if "seconds" in c.source.lower():
            continue
        # Printed text may arrive in differently split stream outputs: compare it joined.
        result.append(TIMINGS.sub("<t>", "".join(o.get("text", "") for o in outputs(c, "stream"))))
        for o in outputs(c):
            if o["output_type"] != "stream":
                result.append(TIMINGS.sub("<t>", o.get("data", {}).get("text/plain", "")))
    return result


@unittest.skipUnless(os.path.isfile(FASHION) or os.environ.get("BACKPROP4J_REQUIRE_DATASETS"),
                     "Fashion-MNIST is not built (datasets/fashion-mnist/build.sh)")
class VisionNotebookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["BACKPROP4J_QUICK"] = "1"
        os.environ["BACKPROP4J_DATASETS"] = DATASETS

    @classmethod
    def tearDownClass(cls):
        os.environ.pop("BACKPROP4J_QUICK", None)

    def assertNoErrors(self, nb):
        for c in code_cells(nb):
            self.assertEqual([], outputs(c, "error"), c.source[:200])

    def test_image_classification_trains_evaluates_and_reloads(self):
        nb = execute("01-image-classification.ipynb")
        self.assertNoErrors(nb)
        images = pngs(nb)
        for png in images:
            self.assertTrue(png.startswith(b"\x89PNG"))
        # sample grid, class balance, confusion matrix, worst mistakes, filters, History and MLP History curves
        self.assertGreaterEqual(len(images), 6)
        self.assertIn("image/png", outputs(cell_with(nb, "Plots.confusionMatrix"), "execute_result")[0]["data"])
        self.assertIn("image/png", outputs(cell_with(nb, "Mistake::index"), "execute_result")[0]["data"])
        self.assertIn("image/png", outputs(cell_with(nb, "weight().detach()"), "execute_result")[0]["data"])
        summary = outputs(cell_with(nb, "model.summary("), "execute_result")[0]["data"]["text/html"]
        self.assertIn("Conv2d", summary)
        self.assertIn("BatchNorm2d", summary)
        out = stdout(nb)
        accuracy = float(re.search(r"test accuracy ([\d.]+)% on 1,000 images", out).group(1))
        self.assertGreater(accuracy, 65, "two quick epochs on 3,000 images already beat guessing by far")
        self.assertLess(accuracy, 100)
        self.assertRegex(out, r"reloaded: [\d.]+%, trained: [\d.]+%, identical: true")
        self.assertIn("model.safetensors", out)
        report = outputs(cell_with(nb, "ClassificationReport.of"), "execute_result")[0]["data"]["text/plain"]
        for name in ("T-shirt/top", "Ankle boot", "precision", "recall"):
            self.assertIn(name, report)
        mlp = float(re.search(r"headline: MLP baseline ([\d.]+)%", out).group(1))
        self.assertGreater(mlp, 50)
        self.assertRegex(out, r"headline: CNN test accuracy [\d.]+% \(50,\d{3} parameters, 2 epochs, quick run\)")

    def test_optimizer_comparison_measures_the_table_and_reexecutes_identically(self):
        first = execute("03-optimizer-comparison.ipynb")
        self.assertNoErrors(first)
        images = pngs(first)
        # four contour plots, loss and accuracy curves, the LR sweep and the LR finder
        self.assertGreaterEqual(len(images), 8)
        out = stdout(first)
        memory = dict((name, float(v)) for name, v in re.findall(r"([\w-]+) (\d+)(?:,|$)", re.search(
            r"headline: state bytes/param: (.*)", out).group(1)))
        self.assertEqual(0, memory["SGD"], "plain SGD keeps no state")
        self.assertEqual(4, memory["Momentum"], "one float32 buffer")
        self.assertEqual(4, memory["RMSprop"])
        self.assertEqual(8, memory["Adam"], "two float32 buffers")
        self.assertEqual(8, memory["AdamW"])
        self.assertGreater(memory["L-BFGS"], 100, "float64 history of 10 curvature pairs")
        for name in ("SGD", "Momentum", "RMSprop", "AdaGrad", "Adam", "AdamW"):
            self.assertRegex(out, re.escape(name) + r": memory (agrees|disagrees) \(seed ")
        self.assertIn("Nesterov is not in the seed's table", out)
        finder = float(re.search(r"LR finder for Adam: ([\d.e-]+)", out).group(1))
        self.assertTrue(1e-6 <= finder <= 1, finder)
        paths = outputs(cell_with(first, "pathTable"), "execute_result")[0]["data"]["text/plain"]
        self.assertIn("Rosenbrock", paths)
        self.assertIn("L-BFGS", paths)

        second = execute("03-optimizer-comparison.ipynb")
        self.assertNoErrors(second)
        a, b = comparable(first), comparable(second)
        self.assertGreater(len(a), 10)
        self.assertEqual(a, b, "the same numbers on a second execution")
        self.assertEqual(pngs(first)[:4], pngs(second)[:4], "the same path plots, pixel for pixel")
        self.__class__.executed = second

    def test_report_renders_in_headless_chromium(self):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            if os.environ.get("BACKPROP4J_REQUIRE_CHROMIUM"):
                self.fail("chromium is not installed")
            self.skipTest("chromium is not installed (Debian package chromium; ./test.sh installs it)")
        nb = getattr(self.__class__, "executed", None) or execute("03-optimizer-comparison.ipynb")
        html, _ = HTMLExporter().from_notebook_node(nb)
        self.assertGreaterEqual(html.count("data:image/png;base64,"), 8, "images are embedded in the report")
        work = tempfile.mkdtemp(prefix="report-", dir=os.environ["BACKPROP4J_TEST_WORK"])
        page = os.path.join(work, "report.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(html)
        shot = os.path.join(work, "report.png")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--user-data-dir=" + os.path.join(work, "profile"), "--window-size=1000,1400",
                        "--screenshot=" + shot, "file://" + page], check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        from PIL import Image
        with Image.open(shot) as image:
            self.assertEqual((1000, 1400), image.size)
            grey = image.convert("L")
            histogram = grey.histogram()
            white = histogram[255] / sum(histogram)
            shades = sum(1 for count in histogram if count > 0)
        self.assertLess(white, 0.97, "not a blank page")
        self.assertGreater(shades, 20, "text and pictures, not a flat colour")


if __name__ == "__main__":
    unittest.main()
