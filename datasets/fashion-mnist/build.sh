#!/usr/bin/env bash
# Builds datasets/fashion-mnist/{train,test}.arrow from the IDX files of Debian's dataset-fashion-mnist package,
# verifying them against SHA256SUMS here. Installs the package with apt-get where it can (as root, or with
# passwordless sudo); otherwise prints exactly what to install and exits 2. Needs the toolkit compiled
# (./mvnw compile); ./run.sh and ./test.sh call it. Does nothing when valid files are already there. Then copies them
# into the per-user data folder (${XDG_DATA_HOME:-~/.local/share}/backprop4j/datasets/fashion-mnist), where
# Datasets.fashionMnist finds them from any working directory, a notebook kernel's included.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/scripts/lib.sh"
[ -x "${JAVA_HOME:-}/bin/java" ] || use_jdk >/dev/null

source_dir=/usr/share/datasets/fashion-mnist
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
missing() {
  local f
  for f in "${files[@]}"; do [ -f "$source_dir/$f" ] || return 0; done
  return 1
}
if missing && [ ! -f "$here/train.arrow" -o ! -f "$here/test.arrow" ]; then
  if ! install_debian_packages dataset-fashion-mnist || missing; then
    echo "Fashion-MNIST: the IDX files are not in $source_dir; install Debian's package dataset-fashion-mnist" \
      "(sudo apt-get install dataset-fashion-mnist), then run this script again." >&2
    exit 2
  fi
fi
use_toolkit_jvm_flags
# The conversion needs no Vector API: without the incubator module the JDK prints no "Using incubator modules"
# warning, which the demo run after this prints once already.
"$JAVA_HOME/bin/java" "${TOOLKIT_JVM_FLAGS[@]/jdk.incubator.vector/java.base}" -cp "$(toolkit_classpath)" org.backprop4j.data.FashionMnistRecipe \
  --if-missing "$source_dir" "$here"

user_dir=${XDG_DATA_HOME:-$HOME/.local/share}/backprop4j/datasets/fashion-mnist
if mkdir -p "$user_dir" 2>/dev/null; then
  for f in train.arrow test.arrow; do
    if ! cmp -s "$here/$f" "$user_dir/$f"; then
      cp "$here/$f" "$user_dir/.$f.tmp" && mv -f "$user_dir/.$f.tmp" "$user_dir/$f"
      echo "Fashion-MNIST: installed $user_dir/$f"
    fi
  done
else
  echo "warning: cannot create $user_dir; Datasets.fashionMnist finds the files only from inside the repository" \
    "(or set BACKPROP4J_DATASETS=$(dirname "$here"))" >&2
fi
