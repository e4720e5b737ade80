#!/usr/bin/env bash
# The kernel's memory over a 1,000-cell session and then idle (benchmarks/kernel_soak.py), for the kernel as
# installed (its default collector and heap) and, with --compare, beside the same kernel on other collectors.
#   benchmarks/run-kernel-soak.sh [--compare] [--cells N] [--idle SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_jdk
ensure_notebook_packages
[ -f kernel/target/backprop4j-kernel.jar ] || ./mvnw -B -ntp -q -pl kernel -am -DskipTests package
use_kernel_for_this_run
kernels=backprop4j
if [ "${1:-}" = "--compare" ]; then
  shift
  install() {
    "$JAVA_HOME/bin/java" -jar kernel/target/backprop4j-kernel.jar install --jupyter-path "$KERNEL_SPEC_DIR" \
      --name "$1" --memory-flags "$2" >/dev/null
    kernels="$kernels,$1"
  }
  install backprop4j-parallel "-XX:+UseParallelGC"
  install backprop4j-zgc "-XX:+UseZGC -XX:ZUncommitDelay=30 -XX:MaxRAMPercentage=25"
  install backprop4j-shenandoah "-XX:+UseShenandoahGC -XX:+UnlockExperimentalVMOptions -XX:ShenandoahUncommitDelay=30000 -XX:MaxRAMPercentage=25"
fi
/usr/bin/python3 benchmarks/kernel_soak.py --kernels "$kernels" "$@"
