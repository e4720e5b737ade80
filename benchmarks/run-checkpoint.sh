#!/usr/bin/env bash
# Gradient checkpointing's memory and time: CheckpointMemory on a 50-layer MLP and a 50-layer CNN, plain and
# checkpointed (CheckpointedSequential, sqrt(50) ~ 7 segments), then optionally the smallest heap each needs.
#   benchmarks/run-checkpoint.sh [--min-heap] [layers]     about 4 minutes; --min-heap adds about 10 more
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ./lib.sh

min_heap=false
layers=50
for arg in "$@"; do
  case $arg in
    --min-heap) min_heap=true ;;
    *) layers=$arg ;;
  esac
done

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
use_toolkit_jvm_flags

run() {
  java "${TOOLKIT_JVM_FLAGS[@]}" -cp target/benchmarks.jar org.backprop4j.benchmarks.CheckpointMemory "$@" 2>/dev/null
}
wait_for_quiet
for net in mlp cnn; do
  timed_with_load "$net" run "$net" "$layers" 7
  echo
done

if $min_heap; then
  # The smallest -Xmx, in MB (to 4 MB), at which a JVM builds the network and runs two training steps.
  smallest() {
    local lo=8 hi=2048 mid
    while [ $((hi - lo)) -gt 4 ]; do
      mid=$(((lo + hi) / 2))
      if java "${TOOLKIT_JVM_FLAGS[@]}" "-Xmx${mid}m" -cp target/benchmarks.jar \
          org.backprop4j.benchmarks.CheckpointMemory step "$1" "$2" "$layers" >/dev/null 2>&1; then
        hi=$mid
      else
        lo=$mid
      fi
    done
    echo "$hi"
  }
  echo "Smallest heap (-Xmx) that runs two steps, JVM and model included:"
  echo "| network | plain | checkpointed |"
  echo "|---|---|---|"
  for net in mlp cnn; do
    echo "| $net | $(smallest "$net" plain) MB | $(smallest "$net" checkpointed) MB |"
  done
fi
