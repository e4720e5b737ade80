#!/usr/bin/env bash
# What one synchronous SGD step on Spark costs beyond the model's compute, in local mode (StepOverheadBenchmark): for
# MLPs of 784 inputs, 10 classes and hidden widths 16 to 4096, the median step on one machine (all cores, the global
# batch), the SyncSgd step, an empty Spark job, the gradient job aggregated by Spark's treeReduce and in barrier mode,
# and a parameter-averaging round (K = 8) per local step. About 3 minutes on 2 cores.
#   spark/run-benchmark.sh [PARTITIONS (default 2)] [REPEATS (default 15)]
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
use_jdk
source ../benchmarks/lib.sh

echo "Building the spark module and its tests..."
(cd .. && ./mvnw -B -ntp -q -pl spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt)
use_toolkit_jvm_flags
classpath="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

run() {
  SPARK_LOCAL_IP=127.0.0.1 java "${TOOLKIT_JVM_FLAGS[@]}" -Xmx2g -cp "$classpath" \
    org.backprop4j.spark.StepOverheadBenchmark "$@" 2> target/benchmark-stderr.log \
    || { tail -n 40 target/benchmark-stderr.log
         echo "error: the benchmark failed; its log is spark/target/benchmark-stderr.log" >&2; exit 1; }
}
wait_for_quiet
timed_with_load "StepOverheadBenchmark" run "$@"
