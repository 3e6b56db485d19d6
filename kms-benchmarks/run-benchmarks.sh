#!/usr/bin/env bash
# Runs the kms4j JMH benchmarks and prints kms4j next to the raw primitive, with the ratio.
#
# Usage: kms-benchmarks/run-benchmarks.sh [--threads 1|2|1,2] [--rebuild] [JMH args...]
#
#   --threads LIST  thread counts to run, comma-separated; each is one JMH run with -t N
#                   (default 1,2: the scaling table needs both). "-t N" means the same.
#   --rebuild       rebuild the jar even if it looks up to date (do this after changing a provider:
#                   only this module's own sources are checked)
#   JMH args        passed through, e.g. a benchmark regex ('Ed25519'), '-wi 2 -i 3 -w 1 -r 1'
#                   for a quick run, or '-f 3' for three forks. -rf/-rff are set here.
#
# Results: target/jmh-result.json (the last run) and target/jmh-result-t<N>.json per thread count.
# The table is printed by print-table.py (python3, standard library only).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

threads="1,2"
rebuild=false
jmh_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --threads=*) threads="${1#*=}"; shift ;;
    --rebuild) rebuild=true; shift ;;
    -t) threads="$2"; shift 2 ;;   # JMH's own option, taken as --threads
    -rf|-rff)
      echo "run-benchmarks.sh: -rf/-rff are set by this script (results go to target/jmh-result*.json)" >&2
      exit 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) jmh_args+=("$1"); shift ;;
  esac
done

# Build when the jar is missing or older than a source file of this module.
stale=false
if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
  stale=true
fi
if $rebuild || $stale; then
  echo "building kms-benchmarks ..." >&2
  (cd "$root" && mvn -q -B -ntp -pl kms-benchmarks -am package -DskipTests)
fi

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM" >&2
echo "java:    $("$java_bin" -version 2>&1 | head -1)" >&2

IFS=',' read -r -a thread_counts <<< "$threads"
results=()
for t in "${thread_counts[@]}"; do
  echo "load average before -t $t: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  "$java_bin" -jar "$jar" "${jmh_args[@]}" -t "$t" -rf json -rff "$here/target/jmh-result.json"
  cp "$here/target/jmh-result.json" "$here/target/jmh-result-t$t.json"
  results+=("$here/target/jmh-result-t$t.json")
  echo "load average after  -t $t: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

# For the scaling table, add the other thread count's result from an earlier run if this run
# did not produce it (the printer shows each file's date, so a stale one is visible).
earlier=()
for t in 1 2; do
  f="$here/target/jmh-result-t$t.json"
  if [[ -f "$f" ]] && [[ ! " ${results[*]} " == *" $f "* ]]; then
    earlier+=(--earlier "$f")
  fi
done

echo
python3 "$here/print-table.py" "${results[@]}" "${earlier[@]}"
