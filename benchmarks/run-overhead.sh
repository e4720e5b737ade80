#!/usr/bin/env bash
# Times the toolkit's per-op framework overhead (JMH, OverheadBenchmark) and PyTorch's on the same four tiny
# workloads in one run, then prints them side by side. About 3 minutes; --quick takes about one.
#   benchmarks/run-overhead.sh [--quick] [JMH options, e.g. -prof gc]
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk

jmh_args=()
torch_args=()
quick=false
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    quick=true
    torch_args+=(--quick)
  else
    jmh_args+=("$arg")
  fi
done
if $quick; then
  # Fewer forks and iterations, unless given explicitly (JMH refuses an option given twice).
  for option in "-f 1" "-wi 3" "-i 5"; do
    [[ " ${jmh_args[*]} " == *" ${option% *} "* ]] || jmh_args+=($option)
  done
fi

source ./lib.sh

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)

mkdir -p target
ours=target/overhead-ours.txt
theirs=target/overhead-torch.txt
rm -f "$ours" "$theirs"

run_ours() {
  java -cp target/benchmarks.jar org.backprop4j.benchmarks.JmhReport OverheadBenchmark "${jmh_args[@]}" > "$ours" 2>&1 \
    || { tail -n 40 "$ours"; echo "error: the JMH run failed; its log is benchmarks/$ours" >&2; exit 1; }
}
wait_for_quiet
echo "Running OverheadBenchmark with JMH (full log: benchmarks/$ours)..."
timed_with_load "backprop4j (JMH)" run_ours
sed -n '/^Benchmark /,$p' "$ours" | grep -v '^result '

have_torch=false
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  have_torch=true
  run_theirs() {
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 baselines/torch_overhead.py "${torch_args[@]}" > "$theirs"
  }
  echo
  wait_for_quiet
  echo "Running the PyTorch baseline with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1)..."
  timed_with_load "PyTorch" run_theirs
  grep '^#' "$theirs"
else
  echo
  echo "PyTorch is missing (/usr/bin/python3 cannot import torch; on Debian: apt-get install python3-torch)."
  echo "Showing our figures only."
fi

echo
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "$(date +%F), $(nproc) CPUs ($cpu), $(java -version 2>&1 | head -n 1)"
echo "Median time per op or step, microseconds; ratio = PyTorch / ours (how many times faster we are):"
compare_table "$ours" "$theirs" "$have_torch" add_requires_grad add_no_grad add_backward mlp_sgd_step
