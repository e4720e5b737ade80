#!/usr/bin/env bash
# The data pipeline on Fashion-MNIST train (60,000 images), ours beside PyTorch's DataLoader and numpy in one run:
# full passes in batches of 128 into float32 tensors, in file order and shuffled, with and without scaling to
# [0, 1]; the IDX -> Arrow conversion; the peak heap. Our passes run in a 40 MB heap (-Xmx40m), less than one
# uint8 copy of the images. About 2 minutes.
#   benchmarks/run-data.sh [repetitions (default 7)]
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
reps=${1:-7}

# CPU time in clock ticks: of the whole machine (busy only), and of this script's finished children.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
children_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
now_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", $1 * hz }' /proc/uptime; }

# Runs a command, then says how many cores other processes kept busy meanwhile (these machines are shared).
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

echo "Building the benchmarks jar and the Fashion-MNIST Arrow files..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
../datasets/fashion-mnist/build.sh
use_toolkit_jvm_flags

mkdir -p target
ours=target/data-ours.txt
theirs=target/data-torch.txt
rm -f "$ours" "$theirs"
jar=target/benchmarks.jar
run_ours() {
  java "${TOOLKIT_JVM_FLAGS[@]}" -Xmx40m -cp "$jar" org.backprop4j.benchmarks.DataLoaderBenchmark passes "$reps" > "$ours"
  java "${TOOLKIT_JVM_FLAGS[@]}" -cp "$jar" org.backprop4j.benchmarks.DataLoaderBenchmark conversion "$reps" >> "$ours"
}
echo "Running DataLoaderBenchmark (passes with -Xmx40m, then the conversion)..."
timed_with_load "backprop4j" run_ours
grep '^#' "$ours"

have_torch=false
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  have_torch=true
  run_theirs() { OPENBLAS_NUM_THREADS=1 /usr/bin/python3 baselines/torch_data.py "$reps" > "$theirs"; }
  echo
  echo "Running the PyTorch and numpy baselines (torch.set_num_threads(1), num_workers=0)..."
  timed_with_load "PyTorch/numpy" run_theirs
  grep '^#' "$theirs"
else
  echo "PyTorch is missing (/usr/bin/python3 cannot import torch; on Debian: apt-get install python3-torch)."
fi

echo
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "$(date +%F), $(nproc) CPUs ($cpu), $(java -version 2>&1 | head -n 1)"
echo "Median milliseconds per full pass over 60,000 images, batches of 128; ratio = theirs / ours:"
awk -v have_torch="$have_torch" '
  FNR == 1 { file++ }
  $1 == "result" { time[file, $2] = $3 }
  END {
    split("sequential shuffled sequential_tofloat shuffled_tofloat", order, " ")
    printf "%-28s %9s %11s %13s %9s %13s\n", "pass", "ours", "images/s", "torch Loader", "ratio", "numpy index"
    for (i = 1; i <= 4; i++) {
      w = order[i]; ours = time[1, w]
      t = (2, "torch_" w) in time ? time[2, "torch_" w] : 0
      n = (2, "numpy_" w) in time ? time[2, "numpy_" w] : 0
      printf "%-28s %9.1f %11.0f %13s %9s %13s\n", w, ours, 60000 / ours * 1000,
        t ? sprintf("%.1f", t) : "-", t ? sprintf("%.1fx", t / ours) : "-",
        n ? sprintf("%.1f (%.2fx)", n, n / ours) : "-"
    }
    w = "shuffled_tofloat_prefetch"
    printf "%-28s %9.1f %11.0f\n", w " (2 threads)", time[1, w], 60000 / time[1, w] * 1000
    printf "peak heap during a pass (incl. uncollected garbage): %.1f MiB, in a -Xmx40m JVM\n",
      time[1, "shuffled_tofloat_peak_heap_mib"]
    printf "IDX (gzip) -> Arrow, train: %.0f ms (read+gunzip %.0f, write %.0f)\n", time[1, "idx_to_arrow"],
      time[1, "idx_read"], time[1, "arrow_write"]
  }' "$ours" $([ "$have_torch" = true ] && echo "$theirs")
