#!/usr/bin/env bash
# One open WebSocket session at SIGTERM, with the starter and without it (the same jar with
# graceful-shutdown.enabled=false: plain Spring Boot, see lib/sample-app.sh): the sample's
# /ws/ticks (Spring WebSocket on Tomcat, a tick a second), read by the JDK's WebSocket client
# (lib/WebSocketWatch.java); SIGTERM 1.5 s after it opened. Prints, per round and variant, the
# time from SIGTERM to the exit, the exit code, and how the client saw the session end (its close
# status; 1006 is a connection that ended without one).
# SERVER=jetty runs the per-server test application on Jetty instead (ServletServerApplication,
# its /ws sends "hello" and stays open), from the sample's test classpath.
#
# usage: [SERVER=jetty] benchmarks/websocket.sh [rounds]     (default 3; needs curl)
# Build the jar first: ./mvnw -B -DskipTests install
# and for Jetty:       ./mvnw -B -DskipTests -pl sample-app/spring-boot-4.0,sample-app test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
JAR=sample-app/target/sample-app.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PORT="${PORT:-18094}"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -DskipTests install first" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
WORK="$(mktemp -d)"
APP_PID=""
CLIENT_PID=""
cleanup() {
	local pid
	for pid in "$APP_PID" "$CLIENT_PID"; do
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/sample-app.sh
. benchmarks/lib/sample-app.sh
SERVER="${SERVER:-tomcat}"
if [ "$SERVER" = jetty ]; then
	./mvnw -B -q -o -pl sample-app/spring-boot-4.0,sample-app dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile="$WORK/cp" >/dev/null
	# Spring Security stays off this classpath, as in the whole-process tests.
	CP="$PWD/sample-app/target/test-classes:$PWD/sample-app/target/classes:$(tr ':' '\n' <"$WORK/cp" | grep -v -E '/org/springframework/security/|spring-boot-(starter-)?security' | paste -sd:)"
	NOT_TOMCAT="org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
	NOT_TOMCAT+=",org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration"
	ENDPOINT=/ws
	FIRST="message: hello"
else
	ENDPOINT=/ws/ticks
	FIRST="message: tick 1"
fi
# The client, compiled once.
"${JAVA}c" -d "$WORK/client" benchmarks/lib/WebSocketWatch.java

now_ms() { date +%s%3N; }

wait_for() { # file text tenths-of-a-second
	local i
	for i in $(seq 1 "$3"); do grep -q "$2" "$1" && return 0; sleep 0.1; done
	echo "no '$2' in $1" >&2
	return 1
}

# run_once VARIANT -> sets MS, RC, END and MESSAGES (runs in this shell, so that the EXIT trap
# knows every PID)
run_once() {
	local variant="$1" log="$WORK/app.log" client="$WORK/client.log"
	: > "$log"
	: > "$client"
	sample_command "$variant" --server.port="$PORT" --management.server.port="$((PORT + 1))"
	if [ "$SERVER" = jetty ]; then
		local plain=()
		[ "$variant" = plain ] && plain=(--graceful-shutdown.enabled=false)
		SAMPLE_CMD=("$JAVA" -cp "$CP" dev.gracefulshutdown.servers.servlet.ServletServerApplication
			--server.port="$PORT" --management.server.port=-1 --spring.autoconfigure.exclude="$NOT_TOMCAT" "${plain[@]}")
	fi
	"${SAMPLE_CMD[@]}" > "$log" 2>&1 &
	APP_PID=$!
	local i
	for i in $(seq 1 240); do
		curl -fs "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1 && break
		kill -0 "$APP_PID" 2>/dev/null || { echo "app died at startup" >&2; cat "$log" >&2; exit 1; }
		sleep 0.25
	done
	"$JAVA" -cp "$WORK/client" WebSocketWatch "ws://127.0.0.1:$PORT$ENDPOINT" 60 > "$client" 2>&1 &
	CLIENT_PID=$!
	wait_for "$client" "$FIRST" 100
	sleep 1.5
	local t0 t1 rc=0
	t0=$(now_ms)
	kill -TERM "$APP_PID"
	wait "$APP_PID" || rc=$?
	t1=$(now_ms)
	APP_PID=""
	wait "$CLIENT_PID" || true
	CLIENT_PID=""
	MS=$((t1 - t0))
	RC=$rc
	END=$(grep -E '^(close|error):' "$client" || echo "no end seen")
	MESSAGES=$(grep -c '^message: ' "$client" || true)
}

for round in $(seq 1 "$ROUNDS"); do
	for variant in starter plain; do
		run_once "$variant"
		echo "round $round: $SERVER, $variant: SIGTERM to exit ${MS} ms, exit $RC, client: $END after $MESSAGES messages"
	done
done
echo
echo "JVM: $("$JAVA" -version 2>&1 | head -1); rounds: $ROUNDS; $(nproc) cores"
