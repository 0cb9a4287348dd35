#!/usr/bin/env bash
# Agent overhead: CPU seconds per hour, share of one core and resident memory of `energy4j serve`
# sampling every second on a node with N extra sleeping processes.
#
#   benchmarks/scripts/agent-overhead.sh [--duration 120] [--warmup 15] [--processes 1000]
#                                        [--interval 1s] [--scrape 15] [--port 28299] [--jar PATH]
#                                        [--metrics-level node,container,pod[,process]]
#
# The agent runs with the JVM flags it ships with (the launcher's default_opts line in ./energy4j; the image's
# are the same but for the heap); ENERGY4J_JAVA_OPTS replaces them as it does in the launcher, so
# ENERGY4J_JAVA_OPTS= (set, empty) measures JVM defaults. CPU is utime + stime of the
# agent's JVM from /proc/<pid>/stat over the measurement window (after the warm-up, so JVM start-up and
# JIT warm-up are reported apart); memory is VmRSS and VmHWM from /proc/<pid>/status at the end.
# With --scrape S > 0, /metrics is fetched every S seconds (as Prometheus would) and that cost is included.
# Builds nothing: build the jar first with
#   mvn -B -q -DskipTests package -pl energy-agent -am
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration=120
warmup=15
processes=1000
interval=1s
scrape=15
port=28299
jar="$here/energy-agent/target/energy4j.jar"
levels="node,container,pod"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --processes) processes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --scrape) scrape="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --metrics-level) levels="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "agent-overhead: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ ! -f "$jar" ]]; then
  echo "agent-overhead: $jar not found; build it with: mvn -B -q -DskipTests package -pl energy-agent -am" >&2
  exit 2
fi

sleepers=()
agent=""
log="$(mktemp)"
cleanup() {
  if [[ -n "$agent" ]]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  if [[ ${#sleepers[@]} -gt 0 ]]; then kill "${sleepers[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT INT TERM

for ((i = 0; i < processes; i++)); do
  sleep 86400 &
  sleepers+=("$!")
done

clk_tck="$(getconf CLK_TCK)"
# utime + stime in clock ticks of a stat file (a process's or a thread's): fields 14 and 15, counted after the
# last ')' (the comm may hold spaces); fails when the file is gone
stat_ticks() {
  local stat rest
  stat="$(cat "$1" 2>/dev/null)" || return 1
  rest="${stat##*) }"
  awk '{ print $12 + $13 }' <<< "$rest"
}
cpu_ticks() { stat_ticks "/proc/$1/stat"; }

# per thread of the agent: "tid<TAB>comm<TAB>utime+stime ticks" (where the time goes: sampler, scrapes, JIT, GC)
thread_ticks() {
  local t ticks
  for t in /proc/"$1"/task/[0-9]*; do
    ticks="$(stat_ticks "$t/stat")" || continue
    printf '%s\t%s\t%s\n' "${t##*/}" "$(cat "$t/comm" 2>/dev/null)" "$ticks"
  done
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
now_ns() { date +%s%N; }

shipped_opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$here/energy4j")"
if [[ -z "$shipped_opts" ]]; then
  echo "agent-overhead: no default_opts line in $here/energy4j" >&2
  exit 2
fi
java_opts="${ENERGY4J_JAVA_OPTS-$shipped_opts}"
echo "agent-overhead: JVM flags: ${java_opts:-(JVM defaults)}" >&2

# shellcheck disable=SC2086
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java $java_opts -jar "$jar" serve --listen "127.0.0.1:$port" --interval "$interval" --metrics-level "$levels" \
  > "$log" 2>&1 &
agent="$!"

scrape_once() {
  if command -v curl > /dev/null; then
    curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics" || echo "agent-overhead: scrape failed" >&2
  fi
}

start_ns="$(now_ns)"
sleep "$warmup"
if ! kill -0 "$agent" 2>/dev/null; then
  echo "agent-overhead: the agent exited; its output:" >&2
  cat "$log" >&2
  exit 1
fi
scrape_once
threads0="$(thread_ticks "$agent")"
t0_ticks="$(cpu_ticks "$agent")"
t0_ns="$(now_ns)"
end=$(( $(date +%s) + duration ))
next_scrape=$(( $(date +%s) + scrape ))
while [[ "$(date +%s)" -lt "$end" ]]; do
  sleep 1
  if [[ "$scrape" -gt 0 && "$(date +%s)" -ge "$next_scrape" ]]; then
    scrape_once
    next_scrape=$(( next_scrape + scrape ))
  fi
done
t1_ticks="$(cpu_ticks "$agent")"
threads1="$(thread_ticks "$agent")"
t1_ns="$(now_ns)"
rss_kb="$(status_kb "$agent" VmRSS)"
hwm_kb="$(status_kb "$agent" VmHWM)"
# ls exits 2 when a process ends between the glob and its stat (a busy node); with pipefail that would end the script
live="$(ls -d /proc/[0-9]* 2>/dev/null | wc -l || true)"

awk -v d0="$t0_ticks" -v d1="$t1_ticks" -v hz="$clk_tck" -v w0="$t0_ns" -v w1="$t1_ns" -v s0="$start_ns" \
    -v rss="$rss_kb" -v hwm="$hwm_kb" -v n="$live" -v iv="$interval" -v sc="$scrape" -v lv="$levels" -v at="$(grep -o 'attribution per [a-z]*' "$log" | head -1 | cut -d' ' -f3)" -v opts="${java_opts:-(JVM defaults)}" \
    'BEGIN {
       cpu = (d1 - d0) / hz; wall = (w1 - w0) / 1e9;
       printf "processes on the node   %d\n", n;
       printf "interval / scrape       %s / %s s\n", iv, sc;
       printf "JVM options             %s\n", opts;
       printf "metrics levels          %s (attribution per %s)\n", lv, at;
       printf "start-up + warm-up CPU  %.2f s (first %.0f s)\n", d0 / hz, (w0 - s0) / 1e9;
       printf "window                  %.1f s wall, %.2f s CPU\n", wall, cpu;
       printf "CPU seconds per hour    %.1f\n", cpu / wall * 3600;
       printf "share of one core       %.2f %%\n", cpu / wall * 100;
       printf "RSS (VmRSS) at end      %.1f MiB\n", rss / 1024;
       printf "peak RSS (VmHWM)        %.1f MiB\n", hwm / 1024;
     }'
# CPU of the window by thread name (threads that started in the window count from 0; exited ones are missing)
echo "CPU by thread in the window (s):"
awk -F'\t' -v hz="$clk_tck" 'NR == FNR { before[$1] = $3; next }
     { d = $3 - ($1 in before ? before[$1] : 0); name = $2; sub(/[-#]?[0-9]+$/, "", name); by[name] += d }
     END { for (n in by) if (by[n] > 0) printf "  %6.2f  %s\n", by[n] / hz, n }' \
    <(printf '%s\n' "$threads0") <(printf '%s\n' "$threads1") | sort -rn
