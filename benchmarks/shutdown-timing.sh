#!/usr/bin/env bash
# Time from SIGTERM to process exit for the sample app, with the starter and without it
# (the same jar with graceful-shutdown.enabled=false: the auto-configuration backs off
# entirely, which is plain Spring Boot; see lib/sample-app.sh), idle and with four 3-second
# requests in flight. Runs the variants alternately in one run, so both see the same machine.
#
# usage: benchmarks/shutdown-timing.sh [rounds]     (default 5; needs curl)
# Build the jar first: ./mvnw -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18090}"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
WORK="$(mktemp -d)"
APP_PID=""
CURL_PIDS=()
cleanup() {
	local pid
	for pid in "$APP_PID" "${CURL_PIDS[@]}"; do
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
command -v unzip >/dev/null || { echo "unzip is required" >&2; exit 1; }
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

now_ms() { date +%s%3N; }

# run_once VARIANT INFLIGHT -> sets MS, RC and OK: elapsed ms, exit code, requests answered 200
# (runs in this shell, not a subshell, so that the EXIT trap knows every PID)
run_once() {
	local variant="$1" inflight="$2" log="$WORK/app.log"
	: > "$log"
	sample_command "$variant" --server.port="$PORT" --management.server.port="$((PORT + 1))"
	"${SAMPLE_CMD[@]}" > "$log" 2>&1 &
	APP_PID=$!
	local i
	for i in $(seq 1 240); do
		curl -fs "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break
		kill -0 "$APP_PID" 2>/dev/null || { echo "app died at startup" >&2; cat "$log" >&2; exit 1; }
		sleep 0.25
	done
	CURL_PIDS=()
	for i in $(seq 1 "$inflight"); do
		curl -s -m 30 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PORT/slow?ms=3000" >> "$WORK/codes" &
		CURL_PIDS+=($!)
	done
	if [ "$inflight" -gt 0 ]; then
		for i in $(seq 1 200); do
			[ "$(grep -c 'slow request started' "$log")" -ge "$inflight" ] && break
			sleep 0.05
		done
	fi
	local t0 t1 rc=0
	t0=$(now_ms)
	kill -TERM "$APP_PID"
	wait "$APP_PID" || rc=$?
	t1=$(now_ms)
	APP_PID=""
	local ok=0
	if [ "$inflight" -gt 0 ]; then
		for i in "${CURL_PIDS[@]}"; do wait "$i" || true; done
		CURL_PIDS=()
		ok=$(grep -c '^200$' "$WORK/codes" || true)
		rm -f "$WORK/codes"
	fi
	MS=$((t1 - t0))
	RC=$rc
	OK=$ok
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
	for inflight in 0 4; do
		for variant in starter plain; do
			run_once "$variant" "$inflight"
			ms=$MS rc=$RC ok=$OK
			echo "round $round: $variant, $inflight in flight: ${ms} ms, exit $rc, $ok/$inflight requests answered 200"
			RESULTS["$variant-$inflight"]+="$ms "
			RESULTS["$variant-$inflight-exit"]="$rc"
			RESULTS["$variant-$inflight-ok"]+="$ok "
		done
	done
done

echo
echo "| case | with starter (median ms) | plain Spring Boot (median ms) | ratio | exit codes (starter / plain) |"
echo "|---|---|---|---|---|"
for inflight in 0 4; do
	s=$(echo "${RESULTS[starter-$inflight]}" | tr ' ' '\n' | grep . | median)
	p=$(echo "${RESULTS[plain-$inflight]}" | tr ' ' '\n' | grep . | median)
	ratio=$(awk -v s="$s" -v p="$p" 'BEGIN { printf "%.2f", (p > 0) ? s / p : 0 }')
	label=$([ "$inflight" = 0 ] && echo "idle" || echo "4 x 3 s requests in flight")
	echo "| $label | $s | $p | ${ratio}x | ${RESULTS[starter-$inflight-exit]} / ${RESULTS[plain-$inflight-exit]} |"
done
echo
echo "JVM: $("$JAVA" -version 2>&1 | head -1); rounds: $ROUNDS; $(nproc) cores"
