#!/usr/bin/env bash
# The main job: builds the toolkit and runs the demo that trains a small network and prints its loss going down.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
use_openblas
./mvnw -B -ntp -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/runtime.classpath
java -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -cp "toolkit/target/classes:$(cat toolkit/target/runtime.classpath)" org.backprop4j.examples.TinyMlpDemo "$@"
