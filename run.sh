#!/usr/bin/env bash
# The main job: builds the toolkit and the kernel, builds the Fashion-MNIST Arrow files
# (datasets/fashion-mnist/build.sh; a warning, not a failure, when Debian's package cannot be installed), runs the
# demo that trains a small network and prints its loss going down, then executes every notebook under notebooks/
# (in name order) with the Java kernel into reports/NAME.html, images embedded, and prints a summary: each
# notebook, its run time and its headline figures (the lines its cells print starting with "headline:").
#   ./run.sh [--quick] [steps [learning-rate]]    (the other arguments go to the printed demo)
# --quick runs every notebook at its small size (BACKPROP4J_QUICK=1, as the tests do): minutes instead of the
# full run's hour or more on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--quick" ]; then
  export BACKPROP4J_QUICK=1
  shift
else
  unset BACKPROP4J_QUICK
fi
source scripts/lib.sh
use_jdk
ensure_notebook_packages
use_openblas
./mvnw -B -ntp -q -DskipTests package
datasets/fashion-mnist/build.sh || echo "warning: Fashion-MNIST was not built (see above); the demo does not need it" >&2
use_toolkit_jvm_flags
# The backend's one log line as one line ("INFO: ..."), not java.util.logging's dated two.
java "${TOOLKIT_JVM_FLAGS[@]}" -Djava.util.logging.SimpleFormatter.format='%4$s: %5$s%6$s%n' -cp "$(toolkit_classpath)" \
  org.backprop4j.examples.TinyMlpDemo "$@"

use_kernel_for_this_run
trap 'rm -rf "$KERNEL_SPEC_DIR" ${out:+"$out"}' EXIT
mkdir -p reports
summary=()
for notebook in notebooks/*.ipynb; do
  name=$(basename "$notebook" .ipynb)
  out=$(mktemp -d "reports/.$name.XXXXXX")
  echo "Executing $notebook${BACKPROP4J_QUICK:+ (quick)}"
  started=$SECONDS
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=7200 \
    --output-dir "$out" --output "$name" "$notebook"
  seconds=$((SECONDS - started))
  /usr/bin/python3 -m nbconvert --to html --output-dir "$out" --output "$name" "$out/$name.ipynb"
  headlines=$(/usr/bin/python3 scripts/headlines.py "$out/$name.ipynb")
  mv "$out/$name.html" "reports/$name.html"   # whole or not at all: a failed run leaves the last report
  rm -rf "$out"
  out=
  echo "Wrote reports/$name.html"
  summary+=("$(printf '%s  %dm%02ds%s' "$name" $((seconds / 60)) $((seconds % 60)) \
    "${headlines:+$'\n'$headlines}")")
done
echo
echo "Summary (${BACKPROP4J_QUICK:+quick, }reports in reports/):"
for entry in "${summary[@]}"; do
  echo "$entry"
done
