#!/usr/bin/env bash
# Throughput with the starter and without it (plain Spring Boot: the same jar with
# graceful-shutdown.enabled=false, see lib/sample-app.sh), measured with wrk against the
# sample app directly (no load balancer). Both variants run at the same time on two ports,
# but only one gets load at a time: after WARMUP seconds of load each (not counted), the
# variants take turns, DURATION seconds each, in ABBA order across rounds, so that a change in
# the machine's background load hits both alike. Two figures per run: requests/s (wrk), and
# the CPU time the application's JVM used per request (from /proc/<pid>/stat, all of its
# threads: request threads, JIT, GC), which other processes on the machine disturb far less.
#
# usage: benchmarks/throughput.sh [rounds] [path]     (defaults: 3 and /hello; needs wrk, curl)
# env:   DURATION (15), WARMUP (15), CONNECTIONS (16), THREADS (1), JAVA_HOME, JAVA_OPTS
# Build the jar first: ./mvnw -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
URL_PATH="${2:-/hello}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-1}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
declare -A PORT=([starter]=18300 [plain]=18310)
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
for tool in wrk curl unzip; do
	command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
WORK="$(mktemp -d)"
declare -A APP_PID=()
WRK_PID=""
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
cleanup() {
	local v
	stop_pid "$WRK_PID"
	for v in "${!APP_PID[@]}"; do stop_pid "${APP_PID[$v]}"; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

start_app() {
	local variant="$1" port="${PORT[$1]}" i
	sample_command "$variant" --server.port="$port" --management.server.port="$((port + 1))"
	"${SAMPLE_CMD[@]}" > "$WORK/$variant.log" 2>&1 &
	APP_PID[$variant]=$!
	for i in $(seq 1 600); do
		curl -fs -o /dev/null "http://127.0.0.1:$port$URL_PATH" 2>/dev/null && return 0
		kill -0 "${APP_PID[$variant]}" 2>/dev/null || { echo "$variant died at startup" >&2; cat "$WORK/$variant.log" >&2; exit 1; }
		sleep 0.1
	done
	echo "$variant not up after 60 s" >&2
	exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)

# run_wrk VARIANT SECONDS -> sets RPS and CPU_US (CPU microseconds per request); runs in this
# shell, so that the EXIT trap knows the PID
run_wrk() {
	local variant="$1" seconds="$2" ticks_before ticks_after requests
	ticks_before=$(cpu_ticks "${APP_PID[$variant]}")
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" "http://127.0.0.1:${PORT[$variant]}$URL_PATH" > "$WORK/wrk.txt" &
	WRK_PID=$!
	wait "$WRK_PID"
	WRK_PID=""
	ticks_after=$(cpu_ticks "${APP_PID[$variant]}")
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$WORK/wrk.txt"; then
		echo "errors during the run ($variant):" >&2
		cat "$WORK/wrk.txt" >&2
	fi
	RPS=$(awk '/Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")
	requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
	CPU_US=$(awk -v t="$((ticks_after - ticks_before))" -v hz="$TICKS_PER_SECOND" -v n="$requests" \
		'BEGIN { printf "%.1f", t * 1000000 / hz / n }')
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

for variant in starter plain; do start_app "$variant"; done
for variant in starter plain; do
	run_wrk "$variant" "$WARMUP"
	echo "warm-up: $variant ${RPS} requests/s (not counted)"
done
STARTER=()
PLAIN=()
STARTER_CPU=()
PLAIN_CPU=()
for round in $(seq 1 "$ROUNDS"); do
	order=(starter plain)
	[ $((round % 2)) = 0 ] && order=(plain starter)
	for variant in "${order[@]}"; do
		load_before=$(cut -d' ' -f1 /proc/loadavg)
		run_wrk "$variant" "$DURATION"
		echo "round $round: $variant ${RPS} requests/s, ${CPU_US} us CPU per request (load average before/after: $load_before/$(cut -d' ' -f1 /proc/loadavg))"
		if [ "$variant" = starter ]; then
			STARTER+=("$RPS")
			STARTER_CPU+=("$CPU_US")
		else
			PLAIN+=("$RPS")
			PLAIN_CPU+=("$CPU_US")
		fi
	done
done
s=$(printf '%s\n' "${STARTER[@]}" | median)
p=$(printf '%s\n' "${PLAIN[@]}" | median)
sc=$(printf '%s\n' "${STARTER_CPU[@]}" | median)
pc=$(printf '%s\n' "${PLAIN_CPU[@]}" | median)
echo
echo "| variant | requests/s per round | median | CPU us per request, per round | median |"
echo "|---|---|---|---|---|"
echo "| with starter | ${STARTER[*]} | $s | ${STARTER_CPU[*]} | $sc |"
echo "| plain Spring Boot | ${PLAIN[*]} | $p | ${PLAIN_CPU[*]} | $pc |"
echo "throughput ratio (starter / plain, medians): $(awk -v s="$s" -v p="$p" 'BEGIN { printf "%.3f", s / p }')x"
echo "CPU per request ratio (starter / plain, medians): $(awk -v s="$sc" -v p="$pc" 'BEGIN { printf "%.3f", s / p }')x"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s http://127.0.0.1:<port>$URL_PATH, after ${WARMUP}s of warm-up per JVM"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores"
