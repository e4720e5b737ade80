#!/usr/bin/env bash
# Data-parallel training on the 2 cores against one model with 2 threads for its GEMMs (and 1 thread, for scale):
# each workload in a fresh JVM that alternates the three configurations repetition by repetition (9 repetitions of
# about 0.5 s each after 2 s of warm-up per configuration): median samples/s and process CPU time per step of each
# configuration, and the load other processes put on the machine meanwhile. About 1 minute per workload.
#   benchmarks/run-dataparallel.sh [WORKLOAD...]      (default: mlp_b64 mlp_b256 fmnist_cnn_b128)
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ./lib.sh

workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(mlp_b64 mlp_b256 fmnist_cnn_b128)

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
use_toolkit_jvm_flags

mkdir -p target
results=target/dataparallel-results.txt
: > "$results"
for w in "${workloads[@]}"; do
  wait_for_quiet
  timed_with_load "$w" java "${TOOLKIT_JVM_FLAGS[@]}" -cp target/benchmarks.jar \
    org.backprop4j.benchmarks.e2e.DataParallelBenchmark "$w" 2>/dev/null | tee -a "$results"
done

echo
echo "$(date +%F), $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"
echo "samples/s, median of 9 alternating repetitions; t1: 1 thread; blas2: one model, 2 threads; dp2: 2 replicas"
echo "then process CPU ms per step (what a way costs in all; other processes disturb it less than wall time)"
awk '
  $1 == "result" {
    v[$2, $3] = $4
    for (i = 5; i < NF; i++) if ($i == "CPU") c[$2, $3] = $(i + 1)
    if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
  }
  END {
    printf "%-18s %8s %8s %8s %10s %10s | %8s %8s %8s\n", "workload", "t1", "blas2", "dp2", "dp2/blas2", "dp2/t1",
      "cpu t1", "blas2", "dp2"
    for (i = 1; i <= n; i++) {
      w = order[i]
      printf "%-18s %8.0f %8.0f %8.0f %9.2fx %9.2fx | %8.2f %8.2f %8.2f\n", w, v[w, "t1"], v[w, "blas2"],
        v[w, "dp2"], v[w, "dp2"] / v[w, "blas2"], v[w, "dp2"] / v[w, "t1"], c[w, "t1"], c[w, "blas2"], c[w, "dp2"]
    }
  }' "$results"
grep -h "^backend: \|cores busy" "$results" | sort -u || true
