"""The notebooks under notebooks/ execute through nbclient, and nbconvert's HTML embeds their pictures."""
import base64
import os
import time
import unittest

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

NOTEBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "notebooks")


def execute(nb, timeout=600):
    NotebookClient(nb, timeout=timeout, kernel_name="backprop4j", allow_errors=False,
                   resources={"metadata": {"path": os.environ["BACKPROP4J_TEST_WORK"]}}).execute()
    return nb


def outputs(cell, output_type=None):
    return [o for o in cell.get("outputs", []) if output_type is None or o["output_type"] == output_type]


class NotebookTest(unittest.TestCase):
    def test_demo_notebook_executes_and_renders(self):
        nb = execute(nbformat.read(os.path.join(NOTEBOOKS, "demo.ipynb"), as_version=4))
        code = [c for c in nb.cells if c.cell_type == "code"]
        for c in code:
            self.assertEqual([], outputs(c, "error"), c.source)
        tensor = outputs(code[0], "execute_result")[0]["data"]
        self.assertIn("Tensor [3, 4] float32 requiresGrad", tensor["text/html"])
        pngs = [o for c in code for o in outputs(c) if "image/png" in o.get("data", {})]
        self.assertGreaterEqual(len(pngs), 5, "heatmaps, the scatter, the loss curve and the image grid")
        for o in pngs:
            self.assertTrue(base64.b64decode(o["data"]["image/png"]).startswith(b"\x89PNG"))
        table = next(c for c in code if "Table.create" in c.source)
        self.assertIn("<b>training</b> 10 rows", outputs(table, "execute_result")[0]["data"]["text/html"])
        model = next(c for c in code if c.source.startswith("model.summary("))
        summary = outputs(model, "execute_result")[0]["data"]["text/html"]
        self.assertIn("<b>Sequential</b> 337 parameters (337 trainable)", summary)
        self.assertIn(">Output shape</th>", summary)
        self.assertIn(">[200, 16]</td>", summary)
        training = next(c for c in code if "updateDisplay" in c.source)
        progress = outputs(training, "display_data")[0]["data"]["text/plain"]
        self.assertRegex(progress, r"\[#{30}\] 3000/3000  loss 0\.\d+", "the display shows its last update")
        fit = next(c for c in code if "trainer.fit()" in c.source)
        live = outputs(fit, "display_data")
        self.assertEqual(1, len(live), "one live display, updated in place")
        self.assertRegex(live[0]["data"]["text/plain"], r"epoch 8/8 \[#{30}\] 13/13  step 104  loss 0\.\d+")
        self.assertIn("backprop4j-training", live[0]["data"]["text/html"])
        self.assertIn("data:image/png;base64,", live[0]["data"]["text/html"], "the loss chart")
        result = outputs(fit, "execute_result")[0]["data"]
        self.assertTrue(result["text/plain"].startswith("History(8 epochs, 104 steps)"), result["text/plain"])
        self.assertIn("val_accuracy", result["text/html"])
        html, _ = HTMLExporter().from_notebook_node(nb)
        self.assertGreaterEqual(html.count("data:image/png;base64,"), len(pngs))
        self.assertIn("Tensor [3, 4] float32 requiresGrad", html)

    def test_updated_display_keeps_only_its_last_content(self):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "backprop4j", "display_name": "Java (backprop4j)", "language": "java"}
        nb.cells = [
            nbformat.v4.new_code_cell('display(Plots.line("grows", new double[] {1}), "chart");\n'
                                      'display(Progress.of("steps", 4), "bar");'),
            nbformat.v4.new_code_cell('for (int i = 1; i <= 4; i++) {\n'
                                      '    updateDisplay("bar", Progress.of("steps", 4).withDone(i));\n'
                                      '    updateDisplay("chart", Plots.line("grown " + i, new double[] {1, 2, i}));\n'
                                      '}'),
            nbformat.v4.new_code_cell('throw new RuntimeException("a failing cell")'),
            nbformat.v4.new_code_cell('"still alive"'),
        ]
        client = NotebookClient(nb, timeout=120, kernel_name="backprop4j", allow_errors=True)
        client.execute()
        first = outputs(nb.cells[0], "display_data")
        self.assertEqual(2, len(first))
        self.assertIn("grown 4", first[0]["data"]["text/plain"])
        self.assertIn("4/4", first[1]["data"]["text/plain"])
        self.assertEqual([], outputs(nb.cells[1]), "updates go to the first cell's outputs, not new ones")
        self.assertEqual("RuntimeException", outputs(nb.cells[2], "error")[0]["ename"])
        self.assertEqual("still alive", outputs(nb.cells[3], "execute_result")[0]["data"]["text/plain"])


if __name__ == "__main__":
    unittest.main()
