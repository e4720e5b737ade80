# Shared by the benchmark scripts: sourced, not executed.

# CPU time in clock ticks: of the whole machine (busy only), and of the finished children of the shell process
# PID. That is the shell that ran the command, $BASHPID, not $$: timed_with_load runs in a pipeline or a command
# substitution, a subshell whose children the script's own process does not reap until after the count.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
children_ticks() { awk '{ print $16 + $17 }' "/proc/$1/stat"; }
now_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", $1 * hz }' /proc/uptime; }

# Runs a command and then says how many cores other processes kept busy meanwhile: these 2-core machines are
# shared, and a figure measured beside a build is not worth comparing.
timed_with_load() {
  local label=$1 shell=$BASHPID m0 c0 t0 m1 c1 t1
  shift
  m0=$(machine_ticks); c0=$(children_ticks "$shell"); t0=$(now_ticks)
  "$@"
  m1=$(machine_ticks); c1=$(children_ticks "$shell"); t1=$(now_ticks)
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

# Prints our figures beside the baseline's: both files hold lines "result WORKLOAD MICROSECONDS".
#   compare_table OURS THEIRS HAVE_BASELINE WORKLOAD...
compare_table() {
  local ours=$1 theirs=$2 have=$3
  shift 3
  awk -v have="$have" -v order="$*" '
    FNR == 1 { file++ }
    $1 == "result" { time[file, $2] = $3 }
    END {
      n = split(order, names, " ")
      printf "%-24s %12s %12s %8s\n", "workload", "ours", "PyTorch", "ratio"
      for (i = 1; i <= n; i++) {
        w = names[i]
        if (!((1, w) in time)) continue
        if (have == "true" && (2, w) in time) {
          printf "%-24s %12.3f %12.3f %7.1fx\n", w, time[1, w], time[2, w], time[2, w] / time[1, w]
        } else {
          printf "%-24s %12.3f %12s %8s\n", w, time[1, w], "-", "-"
        }
      }
    }' "$ours" $([ "$have" = true ] && echo "$theirs")
}
