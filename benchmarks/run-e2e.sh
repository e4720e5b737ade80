#!/usr/bin/env bash
# Whole training steps of the reference models, ours beside PyTorch's in one run: each workload in a fresh process,
# ours and PyTorch's alternating, at 1 and 2 threads. Per run: throughput (median of 7 repetitions after warm-up),
# the time of the first 100 steps from process start, and peak RSS (VmHWM). PyTorch runs with
# torch.set_num_threads(T) under both OpenBLAS thread settings (OPENBLAS_NUM_THREADS=1, and unset: Debian's torch
# runs its GEMMs in OpenBLAS's own pool), and the better of the two is reported. OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE are unset on both sides. Ours runs with the JVM flags our launchers use. 10-15 minutes.
#   benchmarks/run-e2e.sh [--quick] [WORKLOAD...]     (--quick: 1 thread only)
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ./lib.sh

all=(mlp_b64 mlp_b256 lenet5_b64 rnn_tanh_t50_b32 lstm_t50_b32 fmnist_cnn_b128 transformer_d128_b32)
thread_counts=(1 2)
workloads=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then thread_counts=(1); else workloads+=("$arg"); fi
done
[ ${#workloads[@]} -eq 0 ] && workloads=("${all[@]}")

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
use_toolkit_jvm_flags
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "error: /usr/bin/python3 cannot import torch (Debian: apt-get install python3-torch)" >&2; exit 1; }

mkdir -p target
results=target/e2e-results.txt
: > "$results"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
for w in "${workloads[@]}"; do
  for t in "${thread_counts[@]}"; do
    wait_for_quiet
    # captured, then shown: a tee to /dev/stderr would reopen, and so truncate, a log file the output goes to
    out=$(timed_with_load "ours $w T$t" java "${TOOLKIT_JVM_FLAGS[@]}" -cp target/benchmarks.jar \
      org.backprop4j.benchmarks.e2e.E2eBenchmark "$w" "$t" 2>/dev/null || true)
    echo "$out"
    line=$(grep '^result' <<< "$out" || true)
    echo "ours $line" >> "$results"
    for ob in 1 unset; do
      wait_for_quiet
      if [ "$ob" = 1 ]; then
        line=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 baselines/torch_e2e.py "$w" "$t")
      else
        line=$(/usr/bin/python3 baselines/torch_e2e.py "$w" "$t")
      fi
      echo "$line (OPENBLAS_NUM_THREADS=$ob)"
      echo "torch $line" >> "$results"
    done
  done
done

echo
echo "$(date +%F), $(nproc) CPUs, $(java -version 2>&1 | head -n 1), $(/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)')"
echo "samples/s (median of 7 repetitions), first 100 steps from process start (s), peak RSS (MiB);"
echo "PyTorch: the better of its two OpenBLAS settings per row; ratio = ours / PyTorch (goal: at least 1.2)"
awk '
  $2 == "result" {
    key = $3 " " $4
    if ($1 == "ours") { ours[key] = $5; ofirst[key] = $6; orss[key] = $7; keys[++n] = key }
    else if (!(key in theirs) || $5 > theirs[key]) { theirs[key] = $5; tfirst[key] = $6; trss[key] = $7 }
  }
  END {
    printf "%-22s %2s %10s %10s %6s %8s %8s %8s %8s\n", "workload", "T", "ours", "PyTorch", "ratio", "ours100", "pt100", "oursRSS", "ptRSS"
    for (i = 1; i <= n; i++) {
      k = keys[i]; split(k, p, " ")
      printf "%-22s %2s %10.0f %10.0f %6.2f %8.2f %8.2f %8.0f %8.0f\n", p[1], p[2], ours[k], theirs[k], ours[k] / theirs[k], ofirst[k] / 1000, tfirst[k] / 1000, orss[k], trss[k]
    }
  }' "$results"
