#!/usr/bin/env bash
# Sourced by the other scripts: selects a JDK >= 21 and checks for Maven.
#   JAVA_HOME wins if its java is 21+, else the newest 21+ JDK under /usr/lib/jvm.
# Exports JAVA_HOME and PATH; exits 1 with a clear message when nothing suitable exists.
set -euo pipefail

chorus_java_major() { # $1 = path to a java executable; prints its major version (8 for 1.8)
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}') || return 1
  [[ -n "$v" ]] || return 1
  if [[ "$v" == 1.* ]]; then v=${v#1.}; fi
  v=${v%%[.+-]*}
  [[ "$v" =~ ^[0-9]+$ ]] || return 1
  echo "$v"
}

chorus_pick_jdk() {
  local major best="" best_major=0 dir
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    major=$(chorus_java_major "$JAVA_HOME/bin/java" || echo 0)
    if (( major >= 21 )); then echo "$JAVA_HOME"; return 0; fi
  fi
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue
    major=$(chorus_java_major "$dir/bin/java" || echo 0)
    if (( major >= 21 && major > best_major )); then best="$dir"; best_major=$major; fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

if ! CHORUS_JDK=$(chorus_pick_jdk); then
  echo "error: Chorus needs a JDK 21 or newer; none found in JAVA_HOME or /usr/lib/jvm. Install e.g. openjdk-21-jdk or Temurin 21+." >&2
  exit 1
fi
export JAVA_HOME="$CHORUS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven ('mvn') is not on PATH. Install it (e.g. apt-get install maven) and retry." >&2
  exit 1
fi
