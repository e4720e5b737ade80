#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: finds JDK 25, installs the Debian packages the tests need (OpenBLAS,
# Jupyter's client, nbclient, nbconvert, fonts for charts, Chromium and PIL to render a report and look at it),
# fetches Maven through the wrapper, compiles, builds the Fashion-MNIST Arrow files from Debian's package
# (datasets/fashion-mnist/build.sh), then builds and tests everything: the toolkit's unit suite twice, once on each
# GEMM backend (Java and OpenBLAS), the kernel's tests, the Spark module's tests in local[2] and its cluster test (a
# standalone master and two workers on 127.0.0.1, started and stopped by the test; ./test.sh -DskipITs leaves it
# out), then notebooks through real Jupyter (tests/jupyter). When the dataset was built, the catalog test and the
# cluster test use the real files (BACKPROP4J_REQUIRE_DATASETS=1).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
ensure_notebook_packages
ensure_report_render_packages
use_openblas
./mvnw -B -ntp -q -pl toolkit compile
if datasets/fashion-mnist/build.sh; then
  export BACKPROP4J_REQUIRE_DATASETS=1
else
  echo "warning: Fashion-MNIST was not built (see above); the tests of the real files will be skipped" >&2
fi
./mvnw -B -ntp verify "$@"
