#!/usr/bin/env bash
# The main job: builds the toolkit and runs the demo that trains a small network and prints its loss going down.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
./mvnw -B -ntp -q -DskipTests package
java -XX:+UseParallelGC -cp toolkit/target/classes org.backprop4j.examples.TinyMlpDemo "$@"
