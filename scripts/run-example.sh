#!/usr/bin/env bash
# Builds the toolkit and runs one of its example programs, org.backprop4j.examples.NAME, with the project's JVM flags.
#   scripts/run-example.sh NAME [arguments...]        e.g. scripts/run-example.sh AdversarialDemo
# Further Maven options (such as -o to stay offline) can come through MAVEN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if [ $# -lt 1 ]; then
  examples=$(ls toolkit/src/main/java/org/backprop4j/examples | sed -n 's/\.java$//p' | grep -v package-info | tr '\n' ' ')
  echo "usage: scripts/run-example.sh NAME [arguments...]; NAME is one of: $examples" >&2
  exit 2
fi
use_jdk
name=$1
shift
./mvnw -B -ntp -q ${MAVEN_ARGS:-} -pl toolkit -DskipTests compile
use_toolkit_jvm_flags
java "${TOOLKIT_JVM_FLAGS[@]}" -cp "$(toolkit_classpath)" "org.backprop4j.examples.$name" "$@"
