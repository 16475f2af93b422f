#!/usr/bin/env bash
# @Async tasks in flight at SIGTERM, with the starter and without it (the same jar with
# graceful-shutdown.enabled=false: plain Spring Boot, see lib/sample-app.sh). The sample's
# POST /reports queues COUNT tasks of MS each on Spring Boot's applicationTaskExecutor (8 platform
# threads; with VIRTUAL=1, virtual threads), and SIGTERM comes once the first ones run. Prints, per
# run, the tasks completed, the tasks interrupted, the exit code and the time from SIGTERM to exit.
# Runs the variants alternately in one run, so both see the same machine.
#
# usage: benchmarks/executor-tasks.sh [rounds]     (default 3; needs curl)
#        COUNT=20 MS=2000 VIRTUAL=1 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/executor-tasks.sh
# Build the jar first: ./mvnw -B -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
COUNT="${COUNT:-20}"
MS="${MS:-2000}"
VIRTUAL="${VIRTUAL:-0}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18094}"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
WORK="$(mktemp -d)"
APP_PID=""
cleanup() {
	if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

now_ms() { date +%s%3N; }

# run_once VARIANT -> sets MS_TO_EXIT, RC, DONE, INTERRUPTED, STARTER_LINES
# (runs in this shell, not a subshell, so that the EXIT trap knows the PID)
run_once() {
	local variant="$1" log="$WORK/app-$1.log" args=()
	: > "$log"
	[ "$VIRTUAL" = 1 ] && args+=(--spring.threads.virtual.enabled=true)
	sample_command "$variant" --server.port="$PORT" --management.server.port="$((PORT + 1))" "${args[@]}"
	"${SAMPLE_CMD[@]}" > "$log" 2>&1 &
	APP_PID=$!
	local i
	for i in $(seq 1 240); do
		curl -fs "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break
		kill -0 "$APP_PID" 2>/dev/null || { echo "app died at startup" >&2; cat "$log" >&2; exit 1; }
		sleep 0.25
	done
	curl -fs -X POST -o /dev/null "http://127.0.0.1:$PORT/reports?count=$COUNT&ms=$MS" \
		|| { echo "POST /reports failed" >&2; exit 1; }
	# SIGTERM while they run: once the pool's 8 threads (or every virtual thread) have started one
	local running=$((COUNT < 8 || VIRTUAL == 1 ? COUNT : 8))
	for i in $(seq 1 200); do
		[ "$(grep -c 'report r[0-9]* started' "$log")" -ge "$running" ] && break
		sleep 0.05
	done
	local t0 t1 rc=0
	t0=$(now_ms)
	kill -TERM "$APP_PID"
	wait "$APP_PID" || rc=$?
	t1=$(now_ms)
	APP_PID=""
	MS_TO_EXIT=$((t1 - t0))
	RC=$rc
	DONE=$(grep -c 'report r[0-9]* done' "$log" || true)
	INTERRUPTED=$(grep -c 'InterruptedException' "$log" || true)
	# plain must be plain: no line of the starter at all
	STARTER_LINES=$(grep -c 'dev\.gracefulshutdown\.\(core\|task\|signal\)\|d\.g\.\(core\|task\|signal\)' "$log" || true)
	cp "$log" "$WORK/last-$variant.log"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
	for variant in starter plain; do
		run_once "$variant"
		echo "round $round: $variant: $DONE/$COUNT tasks completed, $INTERRUPTED interrupted, exit $RC," \
			"${MS_TO_EXIT} ms from SIGTERM to exit ($STARTER_LINES log lines of the starter)"
		if [ "$variant" = plain ] && [ "$STARTER_LINES" -gt 0 ]; then
			echo "the plain run logged lines of the starter: it is not plain Spring Boot" >&2
			exit 1
		fi
		RESULTS["$variant-ms"]+="$MS_TO_EXIT "
		RESULTS["$variant-done"]+="$DONE "
		RESULTS["$variant-exit"]+="$RC "
	done
done

echo
threads=$([ "$VIRTUAL" = 1 ] && echo "virtual threads" || echo "8 platform threads")
echo "$COUNT tasks of $MS ms on applicationTaskExecutor ($threads), SIGTERM while they run:"
echo
echo "| | tasks completed (each round) | exit codes | SIGTERM to exit (median ms) |"
echo "|---|---|---|---|"
for variant in starter plain; do
	ms=$(echo "${RESULTS[$variant-ms]}" | tr ' ' '\n' | grep . | median)
	label=$([ "$variant" = starter ] && echo "with the starter" || echo "plain Spring Boot")
	echo "| $label | ${RESULTS[$variant-done]% } | ${RESULTS[$variant-exit]% } | $ms |"
done
echo
echo "JVM: $("$JAVA" -version 2>&1 | head -1); rounds: $ROUNDS; $(nproc) cores; load average: $(cut -d" " -f1-3 /proc/loadavg)"
