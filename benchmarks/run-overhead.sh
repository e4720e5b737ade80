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

source load.sh

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)

mkdir -p target
ours=target/overhead-ours.txt
theirs=target/overhead-torch.txt
rm -f "$ours" "$theirs"

run_ours() {
  java -cp target/benchmarks.jar org.backprop4j.benchmarks.OverheadReport "${jmh_args[@]}" > "$ours" 2>&1 \
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
awk -v have_torch="$have_torch" '
  FNR == 1 { file++ }
  $1 == "result" { time[file, $2] = $3 }
  END {
    split("add_requires_grad add_no_grad add_backward mlp_sgd_step", order, " ")
    printf "%-20s %12s %12s %8s\n", "workload", "ours", "PyTorch", "ratio"
    for (i = 1; i <= 4; i++) {
      w = order[i]
      ours = time[1, w]
      if (have_torch == "true" && (2, w) in time) {
        theirs = time[2, w]
        printf "%-20s %12.3f %12.3f %7.1fx\n", w, ours, theirs, theirs / ours
      } else {
        printf "%-20s %12.3f %12s %8s\n", w, ours, "-", "-"
      }
    }
  }' "$ours" $([ "$have_torch" = true ] && echo "$theirs")
