#!/usr/bin/env python3
"""Prints the headline figures of an executed notebook: every line its cells printed that starts with
"headline:", indented, without that prefix. Used by run.sh for its summary.

    /usr/bin/python3 scripts/headlines.py EXECUTED.ipynb
"""
import sys

import nbformat


def headlines(nb):
    for cell in nb.cells:
        # A cell's printing may arrive in several stream outputs that split lines: join them first.
        text = "".join(output.get("text", "") for output in cell.get("outputs", [])
                       if output.get("output_type") == "stream" and output.get("name") == "stdout")
        for line in text.splitlines():
            if line.startswith("headline:"):
                yield line[len("headline:"):].strip()


if __name__ == "__main__":
    for line in headlines(nbformat.read(sys.argv[1], as_version=4)):
        print("    " + line)
