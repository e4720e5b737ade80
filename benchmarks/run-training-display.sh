#!/usr/bin/env bash
# The cost of the training progress displays on an MLP epoch of Fashion-MNIST (469 batches of 128): the console bar
# (me.tongfei:progressbar) and the notebook's live display (bar + growing loss chart, all the rendering, without the
# message to Jupyter), as the time spent inside their callbacks over the epoch's time.
#   benchmarks/run-training-display.sh [batches (default: the whole epoch)]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_jdk
datasets/fashion-mnist/build.sh
./mvnw -B -ntp -q -pl toolkit,benchmarks -am compile
use_toolkit_jvm_flags
java "${TOOLKIT_JVM_FLAGS[@]}" -Djava.awt.headless=true -cp "benchmarks/target/classes:$(toolkit_classpath)" \
  org.backprop4j.benchmarks.TrainingDisplayBenchmark "$@"
