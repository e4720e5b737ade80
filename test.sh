#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: finds JDK 25, installs the Debian packages the notebook tests need
# (Jupyter's client, nbclient, nbconvert, fonts for charts), fetches Maven through the wrapper, builds, and runs the
# unit tests and then the notebook tests through real Jupyter (tests/jupyter).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
use_jdk
ensure_notebook_packages
./mvnw -B -ntp verify "$@"
