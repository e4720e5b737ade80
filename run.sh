#!/usr/bin/env bash
# The main job: builds the toolkit, builds the Fashion-MNIST Arrow files (datasets/fashion-mnist/build.sh; a
# warning, not a failure, when Debian's package cannot be installed), then runs the demo that trains a small network
# and prints its loss going down.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
./mvnw -B -ntp -q -DskipTests package
datasets/fashion-mnist/build.sh || echo "warning: Fashion-MNIST was not built (see above); the demo does not need it" >&2
java "${TOOLKIT_JVM_FLAGS[@]}" -cp "$(toolkit_classpath)" org.backprop4j.examples.TinyMlpDemo "$@"
