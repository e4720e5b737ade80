#!/usr/bin/env bash
# Kernel start-up to first result and a trivial cell's round trip, backprop4j's kernel beside IPython's in one run.
#   benchmarks/run-kernel-latency.sh [--starts N] [--round-trips N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_jdk
ensure_notebook_packages
ensure_debian_packages python3-ipykernel   # the baseline
[ -f kernel/target/backprop4j-kernel.jar ] || ./mvnw -B -ntp -q -pl kernel -am -DskipTests package
use_kernel_for_this_run
/usr/bin/python3 benchmarks/kernel_latency.py "$@"
