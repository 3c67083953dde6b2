# Sourced by ./mvnw, ./fleetwright and .ci/run (POSIX sh).
# Fleetwright builds with `maven.compiler.release` 21, so Maven must run on a JDK >= 21.
# Keeps JAVA_HOME when it already points at a JDK >= 21; otherwise picks the lowest JDK >= 21
# found in the usual install folders (closest to the Lambda java21 runtime) and exports it.
# Fails with a clear message when no such JDK exists.

fw_java_major() {
  # $1 = a JDK home; prints its feature version (17, 21, 25, ...) or nothing.
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

fw_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(fw_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    h=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(fw_java_major "$h")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then JAVA_HOME=$h; export JAVA_HOME; return 0; fi
  fi
  best=""; best_v=999
  case $- in *f*) fw_noglob=1; set +f ;; *) fw_noglob=0 ;; esac
  for h in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$h/bin/javac" ] || continue
    v=$(fw_java_major "$h")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -lt "$best_v" ]; then best=$h; best_v=$v; fi
  done
  [ "$fw_noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "fleetwright: no JDK >= 21 found (looked at JAVA_HOME, PATH and /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks)." >&2
    echo "fleetwright: install one (for example Temurin 21) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best; export JAVA_HOME
}

fw_select_jdk || exit 1
# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag that silences it does not exist before 24.
if [ "$(fw_java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS-} " in *sun-misc-unsafe-memory-access*) ;; *)
    MAVEN_OPTS="${MAVEN_OPTS-} --sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
  esac
fi
