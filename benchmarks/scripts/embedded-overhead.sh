#!/usr/bin/env bash
# Embedded meter overhead: an idle application with and without EnergyMeter.create() (this process only), and
# with a meter reading every process for contrast, run side by side in one run on a node with N extra sleeping
# processes. Prints each JVM's own CPU time over the window (after the warm-up, so JVM start-up and JIT warm-up
# are apart), its share of one core, the difference to the meter-free JVM, and heap in use after a full GC.
#
#   benchmarks/scripts/embedded-overhead.sh [--duration 120] [--warmup 15] [--processes 1000] [--jar PATH]
#
# Builds nothing: build the jar first with
#   mvn -B -q -DskipTests package -pl benchmarks -am
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration=120
warmup=15
processes=1000
jar="$here/benchmarks/target/benchmarks.jar"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --processes) processes="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "embedded-overhead: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$jar" ]] || { echo "embedded-overhead: $jar not found; build it: mvn -B -q -DskipTests package -pl benchmarks -am" >&2; exit 2; }

out="$(mktemp -d)"
sleepers=()
cleanup() { kill "${sleepers[@]}" 2>/dev/null || true; rm -rf "$out"; }
trap cleanup EXIT
for ((i = 0; i < processes; i++)); do
  sleep $((duration + warmup + 120)) &
  sleepers+=($!)
done
echo "host processes: $(ls -d /proc/[0-9]* | wc -l) (with $processes extra sleepers)"

for mode in none self all; do
  java -cp "$jar" io.github.energy4j.benchmarks.IdleApp "$mode" "$warmup" "$duration" >"$out/$mode" 2>"$out/$mode.err" &
done
wait_for=$(jobs -p | tail -3)
for p in $wait_for; do wait "$p" || true; done

for mode in none self all; do
  [[ -s "$out/$mode" ]] || { echo "embedded-overhead: IdleApp $mode failed:" >&2; cat "$out/$mode.err" >&2; exit 1; }
done
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    mode = v["mode"]; cpu[mode] = v["cpuSeconds"]; secs[mode] = v["seconds"]; heap[mode] = v["heapBytes"]; ticks[mode] = v["ticks"] }
  END {
    printf "%-6s %12s %14s %22s %14s %8s\n", "mode", "cpu seconds", "% of one core", "added % (vs none)", "heap MiB", "ticks"
    for (m in cpu) order[m] = m
    n = split("none self all", ms, " ")
    for (k = 1; k <= n; k++) { m = ms[k]
      pct = 100 * cpu[m] / secs[m]; added = 100 * (cpu[m] - cpu["none"]) / secs[m]
      printf "%-6s %12.3f %14.3f %22.3f %14.1f %8d\n", m, cpu[m], pct, added, heap[m] / 1048576, ticks[m] }
    printf "heap added by the self-only meter: %.1f MiB\n", (heap["self"] - heap["none"]) / 1048576
  }' "$out/none" "$out/self" "$out/all"
