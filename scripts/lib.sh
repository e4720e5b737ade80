# Shared set-up for run.sh and test.sh: sourced, not executed.

# Picks a JDK >= 25: JAVA_HOME if it qualifies, else the newest one in the usual install locations.
# Exports JAVA_HOME and puts its bin first on PATH; stops with a message naming what to install otherwise.
use_jdk() {
  local required=25 best="" best_version=0 candidate version
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /opt/*/jdk* \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}')
    version=${version%%.*}
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ "$version" -ge "$required" ]; then
      # JAVA_HOME wins when it qualifies; otherwise take the newest.
      if [ "$candidate" = "${JAVA_HOME:-}" ]; then best=$candidate; best_version=$version; break; fi
      if [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
    fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<MSG
error: backprop4j needs a JDK $required or newer, and none was found.
  Looked at: JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm, /usr/local/lib/jvm, /opt, ~/.sdkman, ~/.jdks.
  Install a JDK $required (for example Eclipse Temurin $required from https://adoptium.net, which installs under
  /usr/lib/jvm), or set JAVA_HOME to one, then run this command again.
MSG
    exit 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "Using JDK $best_version at $JAVA_HOME"
}

# Fills the array TOOLKIT_JVM_FLAGS with the flags every JVM that runs the toolkit needs. They live in one place,
# toolkit.jvm.flags in pom.xml (which says why each is there); the toolkit's build writes them into
# toolkit/target/classes/org/backprop4j/jvm-flags.txt, read here rather than asking Maven again. Call it after
# building the toolkit, as every script does before it runs java.
use_toolkit_jvm_flags() {
  local root file line words
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  file=$root/toolkit/target/classes/org/backprop4j/jvm-flags.txt
  if [ ! -s "$file" ]; then
    echo "error: $file is missing; build the toolkit first (./mvnw -pl toolkit compile)" >&2
    exit 1
  fi
  TOOLKIT_JVM_FLAGS=()
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" == \#* ]] && continue
    read -ra words <<< "$line"
    TOOLKIT_JVM_FLAGS+=(${words[@]+"${words[@]}"})
  done < "$file"
}

# Prints the toolkit's run-time class path (its compiled classes and dependency jars). The jar list is resolved by
# Maven once and again whenever a pom changes. Needs use_jdk first and the toolkit compiled.
toolkit_classpath() {
  local root cp_file
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cp_file=$root/toolkit/target/runtime-classpath.txt
  if [ ! -s "$cp_file" ] || [ "$root/toolkit/pom.xml" -nt "$cp_file" ] || [ "$root/pom.xml" -nt "$cp_file" ]; then
    (cd "$root" && ./mvnw -B -ntp -q -pl toolkit dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/runtime-classpath.txt) >&2
  fi
  echo "$root/toolkit/target/classes:$(cat "$cp_file")"
}

# Installs whichever of the given Debian packages are missing, with apt-get (waiting up to 10 minutes for another
# apt run's lock), when this user may: as root, or through sudo without a password (a script must not stop at a
# password prompt, in CI least of all). Where it cannot, it prints which packages are missing and the apt-get line
# that installs them, and returns 1: the caller decides whether that stops it (required packages) or is worth a
# warning (optional ones).
install_debian_packages() {
  local missing=() package sudo=() why=""
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    why="there is no apt-get"
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      why="this user is not root and has no passwordless sudo"
    fi
  fi
  if [ -z "$why" ]; then
    echo "Installing Debian packages with apt-get: ${missing[*]}"
    local apt=(${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q -y)
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/backprop4j-apt.XXXXXX")
    # The package lists may be stale or absent (fresh containers): update them only when the install fails.
    if "${apt[@]}" install "${missing[@]}" >"$log" 2>&1 \
        || { "${apt[@]}" update >>"$log" 2>&1 && "${apt[@]}" install "${missing[@]}" >>"$log" 2>&1; }; then
      rm -f "$log"
      return 0
    fi
    tail -n 15 "$log" >&2
    rm -f "$log"
    why="apt-get failed; the end of its output is above"
  fi
  echo "These Debian packages are missing and cannot be installed here ($why): ${missing[*]}" >&2
  echo "  Install them with: $([ "$(id -u)" -ne 0 ] && echo "sudo ")apt-get install ${missing[*]}" >&2
  return 1
}

# Debian packages the notebooks need: Jupyter's client, nbclient and nbconvert (driven by /usr/bin/python3, which
# another python3 earlier on PATH may not be), fontconfig with a font for charts drawn without a display, and
# Graphviz, whose dot lays out GraphView's pictures of autograd graphs (without it they show as tables).
NOTEBOOK_PACKAGES=(jupyter-client python3-nbclient python3-nbformat jupyter-nbconvert fontconfig fonts-dejavu-core
                   graphviz)

ensure_notebook_packages() {
  install_debian_packages "${NOTEBOOK_PACKAGES[@]}" || {
    echo "error: the notebooks need these packages" >&2
    exit 1
  }
  /usr/bin/python3 -c 'import jupyter_client, nbclient, nbformat, nbconvert' || {
    echo "error: /usr/bin/python3 cannot import jupyter_client, nbclient, nbformat and nbconvert" >&2
    exit 1
  }
}

# Debian packages the notebook tests need besides: headless Chromium, which renders one report to a PNG, and PIL,
# with which the test checks that the PNG is not blank. ./test.sh installs them where it can; without them that
# one test is skipped.
REPORT_RENDER_PACKAGES=(chromium python3-pil)

ensure_report_render_packages() {
  if install_debian_packages "${REPORT_RENDER_PACKAGES[@]}"; then
    export BACKPROP4J_REQUIRE_CHROMIUM=1
  else
    echo "warning: the test that renders a report in headless Chromium will be skipped" >&2
  fi
}

# Installs the kernel spec of kernel/target/backprop4j-kernel.jar into a new temporary folder and exports
# JUPYTER_PATH so that Jupyter finds it for this run only; removes the folder when the script exits.
use_kernel_for_this_run() {
  KERNEL_SPEC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/backprop4j-jupyter.XXXXXX")
  trap 'rm -rf "$KERNEL_SPEC_DIR"' EXIT
  "$JAVA_HOME/bin/java" -jar kernel/target/backprop4j-kernel.jar install --jupyter-path "$KERNEL_SPEC_DIR" >/dev/null
  export JUPYTER_PATH="$KERNEL_SPEC_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"
  export JUPYTER_RUNTIME_DIR="$KERNEL_SPEC_DIR/runtime"
}

# Makes sure the system has OpenBLAS (Debian's libopenblas0-pthread), which the toolkit loads through
# java.lang.foreign; installs it when apt-get can run, otherwise carries on: the toolkit then loads the OpenBLAS
# bundled in its org.bytedeco:openblas dependency, or runs its pure-Java GEMM.
use_openblas() {
  /sbin/ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0' && return 0
  install_debian_packages libopenblas0-pthread || echo "OpenBLAS is not installed and cannot be installed here;" \
    "the toolkit will use the OpenBLAS bundled in its org.bytedeco:openblas dependency."
}
