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
