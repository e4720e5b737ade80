#!/usr/bin/env bash
# GEMM throughput of the toolkit's two backends (JMH, GemmBenchmark) beside the same OpenBLAS called from C
# (baselines/gemm_c.c) in one run, and the ratios. About 12 minutes in full on a quiet machine; --quick about 4.
#   benchmarks/run-gemm.sh [--quick] [--small] [--sizes "8 64 512"] [--threads "1 2"] [--precisions "s d"]
# --small times products of n = 1..8 instead, the Java kernel against OpenBLAS with no hand-off, to pick the size
# below which the OpenBLAS backend hands products to Java.
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
source ./lib.sh
use_jdk

sizes="8 16 32 64 128 256 512 1024 2048"
threads_list="1 2"
precisions="s d"
quick=false
small=false
sizes_given=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --small) small=true ;;
    --sizes) sizes=$2; sizes_given=true; shift ;;
    --threads) threads_list=$2; shift ;;
    --precisions) precisions=$2; shift ;;
    *) echo "run-gemm.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if $small; then
  sizes="1 2 3 4 5 6 8"
  threads_list="1"
elif $quick && ! $sizes_given; then
  sizes="8 64 256 1024"
fi
jmh_timing=(-wi 3 -i 5 -w 500ms -r 500ms -f 1)
c_quick=()
if $quick; then
  jmh_timing=(-wi 2 -i 3 -w 300ms -r 300ms -f 1)
  c_quick=(--quick)
fi

# This environment may set OPENBLAS_CORETYPE=Haswell (older OpenBLAS builds misdetect some CPUs), which makes
# OpenBLAS run AVX2 kernels instead of AVX-512 ones. The benchmark unsets it, and OPENBLAS_L2_SIZE with it, for
# both sides alike; tests and CI leave both as they are.
echo "OPENBLAS_CORETYPE (was ${OPENBLAS_CORETYPE:-unset}) and OPENBLAS_L2_SIZE (was ${OPENBLAS_L2_SIZE:-unset})" \
  "are unset for both the Java and the C side."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

echo "Building the benchmarks jar..."
(cd .. && ./mvnw -B -ntp -q -DskipTests package -pl benchmarks -am)
mkdir -p target
jar=target/benchmarks.jar
use_toolkit_jvm_flags   # for the launching JVM, which loads OpenBLAS itself; the runner gives them to JMH's forks

library=$(java "${TOOLKIT_JVM_FLAGS[@]}" -cp "$jar" org.backprop4j.benchmarks.GemmReport --library 2>/dev/null | tail -n 1)
echo "OpenBLAS library (the toolkit's choice, loaded by both sides): $library"
have_c=false
if command -v gcc >/dev/null; then
  gcc -O2 -o target/gemm_c baselines/gemm_c.c -ldl && have_c=true
else
  echo "gcc is missing (Debian: apt-get install gcc): no C baseline, our figures only."
fi

ours=target/gemm-ours.txt
theirs=target/gemm-c.txt
log=target/gemm-jmh.log
loads=target/gemm-load.txt
rm -f "$ours" "$theirs" "$log" "$loads"
impls=$($small && echo "openblas-raw,java" || echo "openblas,java")
# Each size runs on our side and then in C before the next size, so that both see the same load.
for precision in $precisions; do
  for threads in $threads_list; do
    for n in $sizes; do
      wait_for_quiet
      echo "${precision}gemm, $threads thread(s), n = $n"
      run_ours() {
        local attempt
        for attempt in $(seq 30); do
          if java "${TOOLKIT_JVM_FLAGS[@]}" -cp "$jar" org.backprop4j.benchmarks.GemmReport -p impl="$impls" \
              -p precision="$precision" -p threads="$threads" -p n="$n" "${jmh_timing[@]}" > "$log.part" 2>&1; then
            break
          fi
          cat "$log.part" >> "$log"
          # Another benchmark (JMH takes a machine-wide lock) is running: wait for it rather than run beside it.
          if ! grep -q 'Unable to acquire the JMH lock' "$log.part" || [ "$attempt" = 30 ]; then
            tail -n 30 "$log.part" >&2; echo "error: the JMH run failed; its log is benchmarks/$log" >&2; exit 1
          fi
          [ "$attempt" = 1 ] && echo "  another JMH run holds the machine; waiting for it..." >&2
          sleep 10
        done
        cat "$log.part" >> "$log"
        grep '^result ' "$log" | sort -u > "$ours.tmp" && mv "$ours.tmp" "$ours"
      }
      # Not in a pipeline: timed_with_load must run in this shell to tell its own children's CPU time apart.
      timed_with_load "  backprop4j (JMH: $impls)" run_ours > "$loads.last"
      tee -a "$loads" < "$loads.last"
      if $have_c; then
        run_theirs() {
          target/gemm_c "$library" "$threads" "$precision" "$n" "${c_quick[@]}" >> "$theirs"
        }
        timed_with_load "  C baseline" run_theirs > "$loads.last"
        tee -a "$loads" < "$loads.last"
      fi
    done
  done
done

echo
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "$(date +%F), $(nproc) CPUs ($cpu), $(java -version 2>&1 | head -n 1)"
grep -o 'backend: .*' "$log" | sort -u | sed 's/^/  /' || true
awk '/cores busy/ { for (i = 1; i <= NF; i++) if ($i == "kept") { x = $(i + 1); s += x; c++; if (x > m) m = x } }
  END { if (c) printf "Other processes kept %.2f cores busy on average during the measurements (at most %.2f).\n", s / c, m }' \
  "$loads"
echo "GFLOPS (2 n^3 / median time per call); FFM/C and Java/C = GFLOPS ratio to C with the same OpenBLAS;"
echo "FFM-C ns/call = what the Java call adds to the C call (shown up to n = 64, where it is not lost in noise)."
awk -v small="$small" '
  $1 == "result" { key = $2 " " $3 " " $4 " " $5; t[key] = $6; seen[$3 " " $4] = 1; ns[$5] = 1 }
  END {
    n_count = 0
    for (n in ns) sizes[++n_count] = n + 0
    for (i = 1; i <= n_count; i++) for (j = i + 1; j <= n_count; j++) if (sizes[j] < sizes[i]) {
      x = sizes[i]; sizes[i] = sizes[j]; sizes[j] = x }
    split("s d", precisions, " ")
    for (pi = 1; pi <= 2; pi++) for (th = 1; th <= 2; th++) {
      p = precisions[pi]
      if (!((p " " th) in seen)) continue
      printf "\n%sgemm, %d thread%s\n", p, th, th == 1 ? "" : "s"
      if (small == "true") {
        printf "%6s %14s %10s %10s\n", "n", "OpenBLAS(FFM)", "Java", "C"
        for (i = 1; i <= n_count; i++) {
          n = sizes[i]
          printf "%6d %11.1f ns %7.1f ns %7.1f ns\n", n, t["openblas-raw " p " " th " " n],
            t["java " p " " th " " n], t["c " p " " th " " n]
        }
        continue
      }
      printf "%6s %14s %10s %10s %9s %9s %13s\n", "n", "OpenBLAS(FFM)", "C", "FFM/C", "Java", "Java/C",
        "FFM-C ns/call"
      for (i = 1; i <= n_count; i++) {
        n = sizes[i]; flops = 2 * n * n * n
        o = t["openblas " p " " th " " n]; c = t["c " p " " th " " n]; j = t["java " p " " th " " n]
        printf "%6d %14.1f %10s %10s %9.1f %9s %13s\n", n, o ? flops / o : 0,
          c ? sprintf("%.1f", flops / c) : "-", c ? sprintf("%.3f", c / o) : "-",
          j ? flops / j : 0, c && j ? sprintf("%.3f", c / j) : "-", c && n <= 64 ? sprintf("%.0f", o - c) : "-"
      }
      if (("openblas " p " " th " 8") in t)
        printf "8x8 per call: OpenBLAS(FFM) %.0f ns, C %s ns, Java %.0f ns\n", t["openblas " p " " th " 8"],
          (("c " p " " th " 8") in t) ? sprintf("%.0f", t["c " p " " th " 8"]) : "-", t["java " p " " th " 8"]
    }
  }' "$ours" $([ -f "$theirs" ] && echo "$theirs")
echo
echo "Full logs: benchmarks/$log (JMH), benchmarks/$theirs (C)."
