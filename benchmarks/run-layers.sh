#!/usr/bin/env bash
# Times layers' forward + backward (JMH: ConvBenchmark, LstmBenchmark) and PyTorch's on the same work in one run,
# and prints them side by side.  benchmarks/run-layers.sh [--quick] [JMH options]
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ./lib.sh

jmh_args=()
torch_args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    torch_args+=(--quick)
    jmh_args+=(-wi 2 -i 3)
  else
    jmh_args+=("$arg")
  fi
done
workloads=(conv2d_forward_backward lstm_forward_backward)
benchmarks=(ConvBenchmark LstmBenchmark)

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
mkdir -p target
ours=target/layers-ours.txt
theirs=target/layers-torch.txt
rm -f "$ours" "$theirs"

run_ours() {
  for benchmark in "${benchmarks[@]}"; do
    java -cp target/benchmarks.jar org.backprop4j.benchmarks.JmhReport "$benchmark" "${jmh_args[@]}" >> "$ours" 2>&1 \
      || { tail -n 40 "$ours"; echo "error: the JMH run failed; its log is benchmarks/$ours" >&2; exit 1; }
  done
}
wait_for_quiet
echo "Running the layer benchmarks with JMH (full log: benchmarks/$ours)..."
timed_with_load "backprop4j (JMH)" run_ours

have_torch=false
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  have_torch=true
  run_theirs() {
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 baselines/torch_layers.py "${torch_args[@]}" "${workloads[@]}" > "$theirs"
  }
  wait_for_quiet
  echo "Running the PyTorch baseline with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1)..."
  timed_with_load "PyTorch" run_theirs
  grep '^#' "$theirs"
else
  echo "PyTorch is missing (/usr/bin/python3 cannot import torch); showing our figures only."
fi
echo
echo "$(date +%F), $(nproc) CPUs, $(java -version 2>&1 | head -n 1); one thread on both sides"
echo "Median time per forward + backward, microseconds; ratio = PyTorch / ours (above 1: we are faster):"
compare_table "$ours" "$theirs" "$have_torch" "${workloads[@]}"
