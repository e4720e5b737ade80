#!/usr/bin/env bash
# Installs the Java (backprop4j) Jupyter kernel spec, or removes it with --uninstall. Builds the kernel jar first.
#   kernel-config/install.sh [--user | --prefix DIR | --jupyter-path DIR] [--name NAME]
#   kernel-config/install.sh --uninstall [--user | --prefix DIR | --jupyter-path DIR] [--name NAME]
# --user (the default): the user's Jupyter data folder; --prefix DIR: DIR/share/jupyter/kernels;
# --jupyter-path DIR: DIR/kernels, for a folder listed in JUPYTER_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_jdk >&2
command=install
args=()
for arg in "$@"; do
  if [ "$arg" = "--uninstall" ]; then command=uninstall; else args+=("$arg"); fi
done
if [ "$command" = install ]; then
  ./mvnw -B -ntp -q -pl kernel -am -DskipTests package
fi
exec "$JAVA_HOME/bin/java" -jar kernel/target/backprop4j-kernel.jar "$command" ${args[@]+"${args[@]}"}
