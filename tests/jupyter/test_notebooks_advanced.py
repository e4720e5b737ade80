"""notebooks/05-advanced-techniques.ipynb executes in quick mode (BACKPROP4J_QUICK set) through nbclient with no
error, draws its charts, and its headline numbers are in sane ranges."""
import base64
import os
import re
import time
import unittest

import nbformat
from nbconvert import HTMLExporter

from test_notebooks import NOTEBOOKS, execute, outputs

NAME = "05-advanced-techniques.ipynb"


def text(cell):
    """Everything a cell printed or returned, as text."""
    parts = []
    for o in outputs(cell):
        if o["output_type"] == "stream":
            parts.append(o["text"])
        elif "data" in o:
            parts.append(o["data"].get("text/plain", ""))
    return "".join(parts)


def number(pattern, haystack):
    m = re.search(pattern, haystack)
    if m is None:
        raise AssertionError("no match for %r in:\n%s" % (pattern, haystack))
    return [float(g) for g in m.groups()]


class AdvancedNotebookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        previous = os.environ.get("BACKPROP4J_QUICK")
        os.environ["BACKPROP4J_QUICK"] = "1"  # the kernel inherits this process's environment
        try:
            start = time.monotonic()
            cls.nb = execute(nbformat.read(os.path.join(NOTEBOOKS, NAME), as_version=4))
            cls.seconds = time.monotonic() - start
        finally:
            if previous is None:
                del os.environ["BACKPROP4J_QUICK"]
            else:
                os.environ["BACKPROP4J_QUICK"] = previous
        cls.code = [c for c in cls.nb.cells if c.cell_type == "code"]
        cls.all = "\n".join(text(c) for c in cls.code)

    def test_every_cell_runs_without_error_in_quick_mode(self):
        for c in self.code:
            self.assertEqual([], outputs(c, "error"), c.source)
        self.assertIn("QUICK = true", self.all)
        cpu = re.search(r"CPU time of this kernel so far: \d+ s", self.all)
        print("\n%s executed in quick mode in %.0f s; %s" % (NAME, self.seconds, cpu.group(0) if cpu else ""))

    def test_each_section_draws_its_picture_and_html_embeds_them(self):
        pngs = [o for c in self.code for o in outputs(c) if "image/png" in o.get("data", {})]
        # checkpoint bar chart, adversarial accuracy chart and scatter, MAML curves, fine-tuning curves,
        # the binary weights' heatmap, the mixed-precision loss curves
        self.assertGreaterEqual(len(pngs), 7)
        for o in pngs:
            self.assertTrue(base64.b64decode(o["data"]["image/png"]).startswith(b"\x89PNG"))
        html, _ = HTMLExporter().from_notebook_node(self.nb)
        self.assertGreaterEqual(html.count("data:image/png;base64,"), len(pngs))

    def test_checkpointing_keeps_gradients_and_saves_memory(self):
        self.assertIn("gradients identical bit for bit: true", self.all)
        plain, ckpt, ratio = number(r"plain ([\d.]+) MB, checkpointed \(\d+ segments\) ([\d.]+) MB, ratio ([\d.]+)",
                                    self.all)
        self.assertGreater(plain, 1.0)
        self.assertLess(ratio, 0.7, "checkpointing holds a fraction of the plain graph's heap")

    def test_adversarial_training_resists_pgd(self):
        rows = re.findall(r"^\| ([\d.]+) \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \|$",
                          self.all, re.M)
        self.assertEqual(4, len(rows), self.all)
        table = {float(r[0]): [float(v) for v in r[1:]] for r in rows}
        clean, fgsm, pgd, robust_clean, robust_fgsm, robust_pgd = table[0.1]
        self.assertGreater(clean, 60, "the Fashion-MNIST CNN learned (chance is 10%)")
        self.assertLess(pgd, clean - 10, "PGD at epsilon 0.1 hurts the standard network")
        self.assertLessEqual(pgd, fgsm + 1, "PGD is at least as strong as FGSM")
        self.assertGreater(robust_pgd, pgd, "adversarial training helps against PGD")
        self.assertGreater(robust_clean, 50)
        pgds = [table[e][2] for e in sorted(table)]
        self.assertEqual(pgds, sorted(pgds, reverse=True), "a larger epsilon is a stronger attack")

    def test_adversarial_examples_are_shown_as_an_image_grid(self):
        grid = [o for c in self.nb.cells if c.cell_type == "code" and "ImageGrid.of" in c.source
                for o in outputs(c, "execute_result")]
        self.assertEqual(1, len(grid))
        self.assertTrue(base64.b64decode(grid[0]["data"]["image/png"]).startswith(b"\x89PNG"))

    def test_maml_adapts_better_than_scratch(self):
        scratch, maml = number(r"MSE after 10 steps: scratch ([\d.]+), MAML ([\d.]+)", self.all)
        self.assertLess(maml, scratch)

    def test_fine_tuning_beats_scratch_with_few_labels(self):
        scratch, frozen, tuned = number(r"\s10 labels per class: scratch ([\d.]+)%, frozen body ([\d.]+)%, "
                                        r"fine-tuned ([\d.]+)%", self.all)
        self.assertGreater(max(frozen, tuned), scratch)
        self.assertTrue(all(0 <= v <= 100 for v in (scratch, frozen, tuned)))

    def test_the_binary_network_has_plus_minus_one_weights_and_learns(self):
        self.assertIn("distinct forward weights of the hidden layer: [-1.0, 1.0]", self.all)
        binary, full = number(r"test accuracy: binary weights ([\d.]+)%, full precision ([\d.]+)%", self.all)
        self.assertGreater(binary, 85)
        self.assertGreater(full, 90)

    def test_mixed_precision_trains_to_the_float32_loss(self):
        runs = dict((m, (float(loss), float(acc))) for m, loss, acc in
                    re.findall(r"^\| (FLOAT32|BFLOAT16|FLOAT16_SCALED) \| ([\d.]+) \| ([\d.]+)% \|", self.all, re.M))
        self.assertEqual({"FLOAT32", "BFLOAT16", "FLOAT16_SCALED"}, set(runs))
        full = runs["FLOAT32"][0]
        self.assertLess(full, 0.2)
        for mode in ("BFLOAT16", "FLOAT16_SCALED"):
            self.assertAlmostEqual(full, runs[mode][0], delta=0.02 + 0.2 * full, msg=mode)
            self.assertGreaterEqual(runs[mode][1], runs["FLOAT32"][1] - 1, mode)
        full_bytes, half_bytes = number(r"weights: (\d+) bytes as float32, (\d+) bytes as bfloat16", self.all)
        self.assertEqual(full_bytes, 2 * half_bytes)
        self.assertIn("pi -> 3.14062500", self.all, "bfloat16 keeps 8 significant bits")


if __name__ == "__main__":
    unittest.main()
