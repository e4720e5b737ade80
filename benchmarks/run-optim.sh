#!/usr/bin/env bash
# Times one Adam step on a float32 parameter of 1M and 10M elements: ours (JMH, AdamBenchmark, update loop on 1 and
# 2 cores) and torch.optim.Adam's in the same run, then prints them side by side. About 3 minutes.
#   benchmarks/run-optim.sh [--quick] [JMH options]
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
    jmh_args+=(-wi 3 -i 5)
  else
    jmh_args+=("$arg")
  fi
done
sizes=(1000000 10000000)

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
mkdir -p target
ours=target/optim-ours.txt
rm -f "$ours" target/optim-torch-*.txt

run_ours() {
  java -cp target/benchmarks.jar org.backprop4j.benchmarks.JmhReport AdamBenchmark "${jmh_args[@]}" > "$ours" 2>&1 \
    || { tail -n 40 "$ours"; echo "error: the JMH run failed; its log is benchmarks/$ours" >&2; exit 1; }
}
wait_for_quiet
echo "Running AdamBenchmark with JMH (full log: benchmarks/$ours)..."
timed_with_load "backprop4j (JMH)" run_ours

# PyTorch three ways, each in its own process with OpenBLAS on one thread:
#   t1        torch.set_num_threads(1), glibc's default malloc
#   t1tuned   the same with MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1e11: Adam allocates tensor-sized temporaries
#             every step, and by default glibc maps and unmaps them, paying page faults each time
#   t2tuned   torch.set_num_threads(2) with the tuned malloc
have_torch=false
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  have_torch=true
  run_torch() {
    local name=$1 threads=$2
    shift 2
    env OPENBLAS_NUM_THREADS=1 "$@" /usr/bin/python3 baselines/torch_optim.py "${torch_args[@]}" "$threads" \
      "${sizes[@]}" > "target/optim-torch-$name.txt"
  }
  for config in "t1 1" "t1tuned 1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000" \
                "t2tuned 2 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000"; do
    set -- $config
    wait_for_quiet
    echo "Running the PyTorch baseline ($1)..."
    timed_with_load "PyTorch $1" run_torch "$@"
  done
  grep -h '^#' target/optim-torch-t1.txt
else
  echo "PyTorch is missing (/usr/bin/python3 cannot import torch); showing our figures only."
fi

echo
echo "$(date +%F), $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"
echo "Adam step on one float32 parameter, median milliseconds; ratio = PyTorch / ours (above 1: we are faster)."
echo "PyTorch t1: 1 thread, default malloc; t1 tuned: 1 thread, no mmap for temporaries; t2 tuned: 2 threads, same."
awk -v have="$have_torch" -v sizes="${sizes[*]}" '
  FNR == 1 { file = FILENAME; sub(/.*optim-/, "", file); sub(/\.txt$/, "", file) }
  $1 == "result" { t[file, $2] = $3 / 1000 }
  END {
    n = split(sizes, s, " ")
    printf "%-10s %9s %9s", "size", "ours 1T", "ours 2T"
    if (have == "true") printf " %10s %10s %10s   %-28s", "torch t1", "t1 tuned", "t2 tuned", "ratio: t1 / ours 1T, t1 tuned / ours 1T, t2 tuned / ours 2T"
    printf "\n"
    for (i = 1; i <= n; i++) {
      o1 = t["ours", "adam_step@size=" s[i] ",threads=1"]; o2 = t["ours", "adam_step@size=" s[i] ",threads=2"]
      printf "%-10s %9.3f %9.3f", s[i], o1, o2
      if (have == "true") {
        a = t["torch-t1", "adam_step@size=" s[i]]; b = t["torch-t1tuned", "adam_step@size=" s[i]]
        c = t["torch-t2tuned", "adam_step@size=" s[i]]
        printf " %10.3f %10.3f %10.3f   %.1fx, %.1fx, %.1fx", a, b, c, a / o1, b / o1, c / o2
      }
      printf "\n"
    }
  }' "$ours" $([ "$have_torch" = true ] && echo target/optim-torch-t1.txt target/optim-torch-t1tuned.txt target/optim-torch-t2tuned.txt)
