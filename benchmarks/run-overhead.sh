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

# CPU time in clock ticks: of the whole machine (busy only), and of this script's finished children.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
children_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
now_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", $1 * hz }' /proc/uptime; }

# Runs a command and then says how many cores other processes kept busy meanwhile: these 2-core machines are
# shared, and a figure measured beside a build is not worth comparing.
timed_with_load() {
  local label=$1 m0 c0 t0 m1 c1 t1
  shift
  m0=$(machine_ticks); c0=$(children_ticks); t0=$(now_ticks)
  "$@"
  m1=$(machine_ticks); c1=$(children_ticks); t1=$(now_ticks)
  awk -v m=$((m1 - m0)) -v c=$((c1 - c0)) -v t=$((t1 - t0)) -v label="$label" 'BEGIN {
    load = t > 0 ? (m - c) / t : 0
    if (load < 0) load = 0
    note = (load > 0.3) ? " (noisy: rerun on a quieter machine for firm figures)" : ""
    printf "%s: other processes kept %.2f cores busy meanwhile%s\n", label, load, note
  }'
}

# Waits up to 30 s for other processes to use less than half a core, measured over 2 s at a time.
wait_for_quiet() {
  local waited=0 m0 m1 busy
  while :; do
    m0=$(machine_ticks); sleep 2; m1=$(machine_ticks)
    busy=$(( (m1 - m0) * 100 / (2 * $(getconf CLK_TCK)) ))
    if [ "$busy" -lt 50 ] || [ "$waited" -ge 30 ]; then
      break
    fi
    [ "$waited" -eq 0 ] && echo "Other processes keep $busy% of a core busy; waiting up to 30 s for a quieter machine..."
    waited=$((waited + 2))
  done
}

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
