#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: finds JDK 25, fetches Maven through the wrapper, builds, tests.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
./mvnw -B -ntp verify "$@"
