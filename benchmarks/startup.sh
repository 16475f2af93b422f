#!/usr/bin/env bash
# Startup time with the starter and without it (plain Spring Boot: the same jar with
# graceful-shutdown.enabled=false, see lib/sample-app.sh), alternating in one run (ABBA
# order across rounds), one JVM at a time. Three figures per start:
#   "Started SampleApplication in X seconds", Spring Boot's own log line,
#   process start to the first 200 on GET /hello (polled every 20 ms with curl), and
#   the CPU time the JVM had used by then (from /proc/<pid>/stat: all threads, JIT and GC
#   included), which other processes on the machine disturb far less than the wall clock.
#
# usage: benchmarks/startup.sh [rounds]     (default 5; needs curl)
# env:   JAVA_HOME, JAVA_OPTS
# Build the jar first: ./mvnw -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18400}"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
for tool in curl unzip; do
	command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
WORK="$(mktemp -d)"
APP_PID=""
stop_pid() {
	local pid="$1" i
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() { stop_pid "$APP_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

# measure VARIANT -> sets STARTED_MS, FIRST_MS and CPU_MS (runs in this shell, not a subshell, so
# that the EXIT trap knows every PID)
measure() {
	local variant="$1" i t0 t1 started
	sample_command "$variant" --server.port="$PORT" --management.server.port="$((PORT + 1))"
	t0=$(date +%s%3N)
	"${SAMPLE_CMD[@]}" > "$WORK/app.log" 2>&1 &
	APP_PID=$!
	for i in $(seq 1 3000); do
		curl -fs -o /dev/null "http://127.0.0.1:$PORT/hello" 2>/dev/null && break
		kill -0 "$APP_PID" 2>/dev/null || { echo "app died at startup" >&2; cat "$WORK/app.log" >&2; exit 1; }
		[ "$i" = 3000 ] && { echo "app not up after 60 s" >&2; exit 1; }
		sleep 0.02
	done
	t1=$(date +%s%3N)
	CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$APP_PID/stat")
	for i in $(seq 1 100); do
		grep -q 'Started SampleApplication in' "$WORK/app.log" && break
		sleep 0.05
	done
	started=$(sed -n 's/.*Started SampleApplication in \([0-9.]*\) seconds.*/\1/p' "$WORK/app.log" | head -1)
	stop_pid "$APP_PID"
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
	STARTED_MS=$(awk -v s="$started" 'BEGIN { printf "%d", s * 1000 }')
	FIRST_MS=$((t1 - t0))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A STARTED=() FIRST=() CPU=()
for round in $(seq 1 "$ROUNDS"); do
	order=(starter plain)
	[ $((round % 2)) = 0 ] && order=(plain starter)
	for variant in "${order[@]}"; do
		load_before=$(cut -d' ' -f1 /proc/loadavg)
		measure "$variant"
		echo "round $round: $variant: Started in ${STARTED_MS} ms, first 200 after ${FIRST_MS} ms, CPU ${CPU_MS} ms (load average before: $load_before)"
		STARTED[$variant]+="$STARTED_MS "
		FIRST[$variant]+="$FIRST_MS "
		CPU[$variant]+="$CPU_MS "
	done
done
echo
echo "| measure | with starter (median ms) | plain Spring Boot (median ms) | ratio |"
echo "|---|---|---|---|"
for what in STARTED FIRST CPU; do
	declare -n m="$what"
	s=$(printf '%s\n' ${m[starter]} | median)
	p=$(printf '%s\n' ${m[plain]} | median)
	case "$what" in
		STARTED) label='"Started SampleApplication in X seconds"' ;;
		FIRST) label='process start to first 200 on /hello' ;;
		CPU) label='CPU time of the JVM at the first 200' ;;
	esac
	echo "| $label | $s | $p | $(awk -v s="$s" -v p="$p" 'BEGIN { printf "%.3f", s / p }')x |"
	unset -n m
done
echo "rounds: $ROUNDS; JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores"
