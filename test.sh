#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: finds JDK 25, installs OpenBLAS if it can, fetches Maven through
# the wrapper, builds, tests. The toolkit's unit suite runs twice, once on each GEMM backend (Java and OpenBLAS).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
use_openblas
./mvnw -B -ntp verify "$@"
