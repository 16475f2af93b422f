#!/usr/bin/env bash
# Rolling restart behind a load balancer: two instances of the sample app behind HAProxy,
# steady load from wrk through HAProxy, and each instance restarted in turn (SIGTERM, wait
# for the exit, start it again, wait until HAProxy sends it traffic again). Counts the
# requests that failed: wrk's non-2xx/3xx responses plus its socket errors.
#
# Two variants, one after the other in the same run, same load, same HAProxy:
#   starter  the sample jar with --graceful-shutdown.drain.min-delay=5s and
#            --graceful-shutdown.drain.quiet-period=2s, what the starter does by itself on a
#            cloud platform (Kubernetes, Heroku, ...); a laptop is not one, so they are set here
#   plain    the same jar with --graceful-shutdown.enabled=false: plain Spring Boot
#            (server.shutdown=graceful, its default), nothing else set (see lib/sample-app.sh)
#
# HAProxy checks the readiness probe (GET /readyz on the main port) every 500 ms, takes a
# server out after one failed check and back after two good ones, and never retries or
# redispatches a failed request (retries 0, no option redispatch): a request that fails
# between HAProxy and an instance reaches wrk as a failure.
#
# usage: benchmarks/rolling-restart.sh [restarts-per-variant] [path]
#        (defaults: 2 and /slow?ms=50; needs haproxy, wrk, curl:
#         apt-get update && apt-get install -y haproxy wrk)
# env:   CONNECTIONS (16), THREADS (2), SETTLE seconds of load before the first and after
#        the last restart (5), JAVA_HOME, JAVA_OPTS
# Build the jar first: ./mvnw -B -DskipTests install
set -euo pipefail
cd "$(dirname "$0")/.."
RESTARTS="${1:-2}"
URL_PATH="${2:-/slow?ms=50}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
SETTLE="${SETTLE:-5}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LB_PORT=18200
STATS_PORT=18209
# instance -> main port; the management port is main port + 1
declare -A MAIN_PORT=([a]=18201 [b]=18211)
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
for tool in haproxy wrk curl unzip; do
	command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install -y haproxy wrk curl)" >&2; exit 1; }
done
WORK="$(mktemp -d)"
declare -A APP_PID=()
HAPROXY_PID=""
WRK_PID=""

stop_pid() {
	local pid="$1"
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	local i
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
	stop_pid "$WRK_PID"
	local name
	for name in "${!APP_PID[@]}"; do stop_pid "${APP_PID[$name]}"; done
	stop_pid "$HAPROXY_PID"
	if [ -n "${KEEP_WORK:-}" ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh

log() { echo "[$(date +%T)] $*"; }

cat > "$WORK/haproxy.cfg" <<EOF
global
	maxconn 1000
defaults
	mode http
	timeout connect 2s
	timeout client 30s
	timeout server 30s
	retries 0
	no option redispatch
frontend fe
	bind 127.0.0.1:$LB_PORT
	default_backend app
backend app
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server inter 500ms fall 1 rise 2
	server a 127.0.0.1:${MAIN_PORT[a]} check
	server b 127.0.0.1:${MAIN_PORT[b]} check
listen stats
	bind 127.0.0.1:$STATS_PORT
	stats enable
	stats uri /stats
EOF

# haproxy_status SERVER -> UP, DOWN, ... as HAProxy sees it now
haproxy_status() {
	curl -fs "http://127.0.0.1:$STATS_PORT/stats;csv" 2>/dev/null \
		| awk -F, -v s="$1" '$1 == "app" && $2 == s { print $18 }' | cut -d' ' -f1
}

# start_app VARIANT NAME: start the instance and wait until its readiness probe says 200
start_app() {
	local variant="$1" name="$2" port="${MAIN_PORT[$2]}" extra=()
	# plain: sample_command adds --graceful-shutdown.enabled=false, and nothing else is set
	[ "$variant" = starter ] && extra+=(--graceful-shutdown.drain.min-delay=5s --graceful-shutdown.drain.quiet-period=2s)
	sample_command "$variant" --server.port="$port" --management.server.port="$((port + 1))" "${extra[@]}"
	"${SAMPLE_CMD[@]}" >> "$WORK/$variant-$name.log" 2>&1 &
	APP_PID[$name]=$!
	local i
	for i in $(seq 1 600); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" 2>/dev/null)" = 200 ] && return 0
		kill -0 "${APP_PID[$name]}" 2>/dev/null || { echo "$name died at startup" >&2; tail -n 40 "$WORK/$variant-$name.log" >&2; exit 1; }
		sleep 0.1
	done
	echo "$name not ready after 60 s" >&2
	exit 1
}

# wait_haproxy SERVER STATE: until HAProxy's health check has the server in that state
wait_haproxy() {
	local i
	for i in $(seq 1 300); do
		[ "$(haproxy_status "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	echo "HAProxy did not see server $1 $2 within 30 s (it says: $(haproxy_status "$1"))" >&2
	exit 1
}

# restart VARIANT NAME: SIGTERM, wait for the exit, start again, wait until HAProxy has it back
restart() {
	local variant="$1" name="$2" pid="${APP_PID[$2]}" rc=0 t0 t1
	t0=$(date +%s%3N)
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	t1=$(date +%s%3N)
	APP_PID[$name]=""
	log "$variant: instance $name exited with status $rc after $((t1 - t0)) ms"
	echo "$rc" >> "$WORK/$variant-exit-codes"
	start_app "$variant" "$name"
	wait_haproxy "$name" UP
	log "$variant: instance $name is back in HAProxy after $(($(date +%s%3N) - t0)) ms"
}

# run_variant VARIANT -> writes $WORK/VARIANT-wrk.txt
run_variant() {
	local variant="$1" name i
	: > "$WORK/$variant-exit-codes"
	for name in a b; do start_app "$variant" "$name"; done
	for name in a b; do wait_haproxy "$name" UP; done
	log "$variant: both instances up; wrk -t$THREADS -c$CONNECTIONS on $URL_PATH"
	# Ended with SIGINT once the restarts are over (wrk then prints its results);
	# -d bounds it if that never comes.
	wrk -t"$THREADS" -c"$CONNECTIONS" -d600s "http://127.0.0.1:$LB_PORT$URL_PATH" > "$WORK/$variant-wrk.txt" 2>&1 &
	WRK_PID=$!
	sleep "$SETTLE"
	for i in $(seq 1 "$RESTARTS"); do
		name=$([ $((i % 2)) = 1 ] && echo a || echo b)
		restart "$variant" "$name"
	done
	sleep "$SETTLE"
	kill -INT "$WRK_PID"
	wait "$WRK_PID" || true
	WRK_PID=""
	for name in a b; do
		stop_pid "${APP_PID[$name]}"
		wait "${APP_PID[$name]}" 2>/dev/null || true
		APP_PID[$name]=""
	done
	for name in a b; do wait_haproxy "$name" DOWN; done
}

# field FILE: failed requests, total requests, requests/s from wrk's output
failed() {
	awk '/Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$1"
}
total() { awk '/requests in/ { print $1 }' "$1"; }

haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
for i in $(seq 1 50); do
	curl -fs -o /dev/null "http://127.0.0.1:$STATS_PORT/stats" && break
	kill -0 "$HAPROXY_PID" 2>/dev/null || { cat "$WORK/haproxy.log" >&2; exit 1; }
	sleep 0.1
done

for variant in starter plain; do
	run_variant "$variant"
done

echo
for variant in starter plain; do
	echo "--- wrk, $variant"
	cat "$WORK/$variant-wrk.txt"
done
echo
echo "| variant | restarts | requests | failed (non-2xx/3xx + socket errors) | exit codes |"
echo "|---|---|---|---|---|"
for variant in starter plain; do
	echo "| $variant | $RESTARTS | $(total "$WORK/$variant-wrk.txt") | $(failed "$WORK/$variant-wrk.txt") | $(paste -sd, "$WORK/$variant-exit-codes") |"
done
echo
echo "load: wrk -t$THREADS -c$CONNECTIONS http://127.0.0.1:$LB_PORT$URL_PATH through $(haproxy -v | head -1 | cut -d' ' -f1-3)"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores"
