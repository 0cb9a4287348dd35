#!/usr/bin/env bash
# Overhead and accuracy of the energy profiler, side by side in one run: the CPU-bound SplitWorkload (75/25 by
# construction) without the agent and with it at each interval, interleaved. Build first:
#   mvn -B -q -DskipTests package -pl energy-profiler -am
# then: energy-profiler/scripts/profiler-overhead.sh [--reps 7] [--threads N] [--warmup 5] [--seconds 20] [--intervals 20ms,10ms]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=energy-profiler/target/energy4j-profiler.jar
classes=energy-profiler/target/test-classes
if [[ ! -f "$jar" || ! -d "$classes" ]]; then
  echo "profiler-overhead: build first: mvn -B -q -DskipTests package -pl energy-profiler -am" >&2
  exit 2
fi
exec java -cp "$classes" io.github.energy4j.profiler.workload.OverheadComparison --agent "$jar" "$@"
