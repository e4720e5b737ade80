#!/usr/bin/env bash
# The main job: builds the toolkit and the kernel, builds the Fashion-MNIST Arrow files
# (datasets/fashion-mnist/build.sh; a warning, not a failure, when Debian's package cannot be installed), runs the
# demo that trains a small network and prints its loss going down, then executes every notebook under notebooks/
# with the Java kernel into reports/NAME.html.
#   ./run.sh [steps [learning-rate]]    (the arguments go to the printed demo)
set -euo pipefail
cd "$(dirname "$0")"
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
for notebook in notebooks/*.ipynb; do
  name=$(basename "$notebook" .ipynb)
  out=$(mktemp -d "reports/.$name.XXXXXX")
  echo "Executing $notebook"
  /usr/bin/python3 -m nbconvert --to html --execute --ExecutePreprocessor.timeout=1800 \
    --output-dir "$out" --output "$name" "$notebook"
  mv "$out/$name.html" "reports/$name.html"   # whole or not at all: a failed run leaves the last report
  rmdir "$out"
  out=
  echo "Wrote reports/$name.html"
done
