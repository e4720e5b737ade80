#!/usr/bin/env bash
# Kernel start-up to first result and a trivial cell's round trip, backprop4j's kernel (with and without its AOT
# cache) beside IPython's, in one run. About 2 minutes with the defaults (5 starts, 50 round trips per kernel).
#   benchmarks/run-kernel-latency.sh [--starts N] [--round-trips N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_jdk
ensure_notebook_packages
install_debian_packages python3-ipykernel || exit 1   # the baseline
[ -f kernel/target/backprop4j-kernel.jar ] || ./mvnw -B -ntp -q -pl kernel -am -DskipTests package
use_kernel_for_this_run   # the spec "backprop4j", with its AOT cache
"$JAVA_HOME/bin/java" -jar kernel/target/backprop4j-kernel.jar install --jupyter-path "$KERNEL_SPEC_DIR" \
  --name backprop4j-no-aot --no-aot-cache >/dev/null
/usr/bin/python3 benchmarks/kernel_latency.py "$@"
