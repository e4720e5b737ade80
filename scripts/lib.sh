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

# Makes sure the system has OpenBLAS (Debian's libopenblas0-pthread), which the toolkit loads through
# java.lang.foreign. Installs it with apt-get when it is missing and apt-get can run (as root, or through
# password-less sudo); otherwise says so and carries on: the toolkit then loads the OpenBLAS bundled in the
# org.bytedeco:openblas jar, or runs its pure-Java GEMM.
use_openblas() {
  if /sbin/ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
  fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null; then
    echo "OpenBLAS is not installed and cannot be installed here (no apt-get or no root);" \
         "the toolkit will use the OpenBLAS bundled in its org.bytedeco:openblas dependency."
    return 0
  fi
  echo "Installing OpenBLAS (apt-get install libopenblas0-pthread)..."
  local apt=($sudo apt-get -o DPkg::Lock::Timeout=600 -y -q)
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install libopenblas0-pthread >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >/dev/null 2>&1 || true
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install libopenblas0-pthread >/dev/null 2>&1; then
      echo "apt-get could not install libopenblas0-pthread; the toolkit will use the OpenBLAS bundled in its" \
           "org.bytedeco:openblas dependency."
    fi
  fi
}
