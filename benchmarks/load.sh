# Shared by the benchmark scripts (sourced): how busy other processes keep this shared machine, and waiting for
# it to quiet down before a measurement.

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
