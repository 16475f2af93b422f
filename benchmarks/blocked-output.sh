#!/usr/bin/env bash
# SIGTERM to a service whose output nobody reads any more (a stalled container log driver)
# and whose shutdown hangs, with the starter and without it (plain Spring Boot: the same jar
# with graceful-shutdown.enabled=false; see lib/sample-app.sh). The app's stdout and stderr
# go to a named pipe read by cat; the script stops cat (SIGSTOP), so the pipe fills and every
# write of the JVM to its output blocks, then sends SIGTERM. The sample fault
# sample.fault.stop-logs-and-hangs makes a stop() log a megabyte, then hang. Deadline 4s.
# Prints, per run, the exit code and the time from SIGTERM to exit, or "still alive at <limit>"
# (the process is then killed with SIGKILL).
#
# usage: benchmarks/blocked-output.sh [rounds] [limit-seconds]     (defaults: 1, 60)
# Build the jar first: ./mvnw -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-1}"
LIMIT_S="${2:-60}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18090}"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
command -v mkfifo >/dev/null || { echo "mkfifo is required" >&2; exit 1; }
WORK="$(mktemp -d)"
APP_PID=""
READER_PID=""
cleanup() {
	local pid
	for pid in "$APP_PID" "$READER_PID"; do
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -CONT "$pid" 2>/dev/null || true
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

now_ms() { date +%s%3N; }

# run_once VARIANT -> sets RESULT ("exit code <n> after <ms> ms" or "still alive at <limit>")
run_once() {
	local variant="$1" pipe="$WORK/out.pipe" log="$WORK/out.log"
	rm -f "$pipe" "$log"
	mkfifo "$pipe"
	cat "$pipe" > "$log" &
	READER_PID=$!
	sample_command "$variant" --server.port="$PORT" --management.server.port="$((PORT + 1))" \
		--sample.fault.stop-logs-and-hangs=true --graceful-shutdown.deadline=4s
	"${SAMPLE_CMD[@]}" > "$pipe" 2>&1 &
	APP_PID=$!
	local i
	for i in $(seq 1 480); do
		grep -q 'Started SampleApplication' "$log" 2>/dev/null && break
		kill -0 "$APP_PID" 2>/dev/null || { echo "app died at startup" >&2; cat "$log" >&2; exit 1; }
		sleep 0.25
	done
	grep -q 'Started SampleApplication' "$log" || { echo "app did not start" >&2; exit 1; }
	kill -STOP "$READER_PID"
	local t0 t1 rc=0
	t0=$(now_ms)
	kill -TERM "$APP_PID"
	while kill -0 "$APP_PID" 2>/dev/null && [ $(( $(now_ms) - t0 )) -lt $((LIMIT_S * 1000)) ]; do
		sleep 0.05
	done
	if kill -0 "$APP_PID" 2>/dev/null; then
		RESULT="still alive at ${LIMIT_S} s"
		kill -KILL "$APP_PID"
		{ wait "$APP_PID"; } 2>/dev/null || true
	else
		wait "$APP_PID" || rc=$?
		t1=$(now_ms)
		RESULT="exit code $rc after $((t1 - t0)) ms"
	fi
	APP_PID=""
	kill -CONT "$READER_PID"
	wait "$READER_PID" || true
	READER_PID=""
	local lines
	lines=$(grep -c 'LoggingStopThatHangs line' "$log" || true)
	RESULT="$RESULT ($lines of 1024 flood lines got out)"
}

for round in $(seq 1 "$ROUNDS"); do
	for variant in starter plain; do
		run_once "$variant"
		printf '%-8s round %d: %s\n' "$variant" "$round" "$RESULT"
	done
done
