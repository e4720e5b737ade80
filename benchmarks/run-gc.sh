#!/usr/bin/env bash
# Garbage collectors against the reference training steps: for each workload and collector setting, a fresh JVM runs
# StepProfile (process CPU time per step, the calling thread's share, wall time, bytes allocated and collections
# per 100 steps) under /usr/bin/time for its peak RSS. CPU time and allocation move little when other processes
# share the machine; wall time and the CPU cost of cache misses do, so compare settings within one run.
# The rest of the JVM flags are the toolkit's own (pom.xml's toolkit.jvm.flags) with their collector replaced.
#   benchmarks/run-gc.sh [WORKLOAD...]     (default: all seven workloads of run-e2e.sh)
# Settings: BACKPROP4J_GC_SETTINGS, a '|'-separated list (default below).
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ./lib.sh

workloads=("$@")
[ ${#workloads[@]} -eq 0 ] && workloads=(mlp_b64 mlp_b256 lenet5_b64 rnn_tanh_t50_b32 lstm_t50_b32 fmnist_cnn_b128
  transformer_d128_b32)
IFS='|' read -r -a settings <<< "${BACKPROP4J_GC_SETTINGS:--XX:+UseParallelGC|-XX:+UseSerialGC|-XX:+UseG1GC|-XX:+UseParallelGC -Xmn64m}"
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (Debian package time)" >&2; exit 1; }

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
use_toolkit_jvm_flags
flags=()
for f in "${TOOLKIT_JVM_FLAGS[@]}"; do
  [[ "$f" =~ ^-XX:\+Use[A-Za-z0-9]*GC$ ]] || flags+=("$f")
done
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

printf "%-22s %-28s %10s %10s %10s %10s %8s %9s\n" workload setting cpu_us main_us wall_us alloc_KiB gc/100 rss_MiB
for w in "${workloads[@]}"; do
  steps=300
  case $w in fmnist*|transformer*) steps=60 ;; lstm*) steps=150 ;; esac
  for s in "${settings[@]}"; do
    wait_for_quiet
    read -r -a gc <<< "$s"
    out=$(/usr/bin/time -f "maxrss_kb %M" java "${gc[@]}" "${flags[@]}" -cp target/benchmarks.jar \
      org.backprop4j.benchmarks.e2e.StepProfile "$w" 1 "$steps" 2>&1 | grep -E '^profile|^maxrss_kb' | tr '\n' ' ')
    # out: profile WORKLOAD THREADS CPU MAIN WALL ALLOC GCS maxrss_kb KB
    awk -v w="$w" -v s="$s" '{ printf "%-22s %-28s %10.0f %10.0f %10.0f %10.0f %8.1f %9.0f\n", w, s, $4, $5, $6, $7, $8, $10 / 1024 }' <<< "$out"
  done
done
