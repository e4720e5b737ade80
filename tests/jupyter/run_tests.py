#!/usr/bin/env python3
"""Runs the notebook-level tests: real Jupyter (Debian's jupyter-client, nbclient, nbconvert) against the built
backprop4j kernel, installed for this run only into a temporary JUPYTER_PATH folder.

    /usr/bin/python3 tests/jupyter/run_tests.py --kernel-jar kernel/target/backprop4j-kernel.jar --java JDK25/bin/java

Prints unittest's report and a closing line 'jupyter: N passed, N failed'.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
NEEDED = {"jupyter_client": "jupyter-client", "nbclient": "python3-nbclient", "nbformat": "python3-nbformat",
          "nbconvert": "jupyter-nbconvert"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel-jar", required=True)
    parser.add_argument("--java", required=True, help="java of a JDK 25 or newer")
    parser.add_argument("-k", dest="pattern", default=None, help="run only tests whose name contains this")
    args = parser.parse_args()

    missing = []
    for module, package in NEEDED.items():
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        print("error: %s lacks the Python modules of Debian's %s; ./test.sh installs them "
              "(apt-get install %s)" % (sys.executable, ", ".join(missing), " ".join(missing)), file=sys.stderr)
        return 2
    if not os.path.isfile(args.kernel_jar):
        print("error: no kernel jar at %s; build it with ./mvnw -pl kernel -am package" % args.kernel_jar,
              file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="backprop4j-jupyter-")
    try:
        subprocess.run([args.java, "-jar", args.kernel_jar, "install", "--jupyter-path", work], check=True)
        os.environ["JUPYTER_PATH"] = work
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(work, "runtime")
        os.environ["BACKPROP4J_TEST_WORK"] = work
        os.environ["BACKPROP4J_TEST_JAVA"] = args.java
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        sys.path.insert(0, HERE)
        suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
        if args.pattern:
            suite = unittest.TestSuite(t for t in iterate(suite) if args.pattern in t.id())
        result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
        failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
        passed = result.testsRun - failed - len(result.skipped)
        print("jupyter: %d passed, %d failed" % (passed, failed)
              + (", %d skipped" % len(result.skipped) if result.skipped else ""))
        return 0 if failed == 0 and result.testsRun > 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def iterate(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iterate(t)
        else:
            yield t


if __name__ == "__main__":
    sys.exit(main())
