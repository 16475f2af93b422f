#!/usr/bin/env bash
# A @RabbitListener in the middle of a message at SIGTERM, with the starter and without it
# (graceful-shutdown.enabled=false: plain Spring Boot). A real broker (Debian's rabbitmq-server,
# on ports of its own); 4 messages on a queue; the sample's 'rabbit' profile, whose OrdersListener
# takes MS per message; SIGTERM 1 s into the first. Once the instance has exited, a consumer takes
# what the queue holds. Prints the exit code and time of the instance, what it started and
# finished, and what was left on the queue.
#
# usage: benchmarks/rabbit-listener.sh [true|false ...]   (default: false true; MS=12000; TYPE=simple,
# or direct for a DirectMessageListenerContainer)
# Needs rabbitmq-server (apt-get install rabbitmq-server; .ci/run installs it). Build first:
#   ./mvnw -B -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
MS="${MS:-12000}"
TYPE="${TYPE:-simple}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
	# The broker's script runs the Erlang VM as its child: stop the children first, then wait.
	for pid in "${PIDS[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
./mvnw -B -q -o -pl sample-app/spring-boot-4.0,sample-app dependency:build-classpath -Dmdep.outputFile="$WORK/cp" >/dev/null
CP="$(cat "$WORK/cp")"
wait_for() { # file text seconds
	for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" && return 0; sleep 0.1; done
	echo "no '$2' in $1 within $3 s" >&2
	return 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port) DIST=$(free_port) EPMD=$(free_port)
epmd -port "$EPMD" -address 127.0.0.1 -d >"$WORK/epmd.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/epmd.log" "epmd running" 30
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$PORT" >"$WORK/rabbitmq.conf"
env HOME="$WORK" RABBITMQ_NODENAME="bench-$PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$PORT" \
	RABBITMQ_DIST_PORT="$DIST" ERL_EPMD_PORT="$EPMD" RABBITMQ_BASE="$WORK" RABBITMQ_MNESIA_BASE="$WORK/mnesia" \
	RABBITMQ_LOG_BASE="$WORK/log" RABBITMQ_CONFIG_FILE="$WORK/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/enabled_plugins" \
	RABBITMQ_LOGS=- /usr/lib/rabbitmq/bin/rabbitmq-server >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/broker.log" "Server startup complete" 90
run() {
	local enabled="$1" queue="orders-$RANDOM"
	"$JAVA" -cp "$CP" benchmarks/lib/RabbitOrders.java send "$PORT" "$queue" 4
	"$JAVA" -jar sample-app/target/sample-app.jar --server.port=0 --management.server.port=0 \
		--spring.profiles.active=rabbit "--spring.rabbitmq.port=$PORT" "--sample.orders.queue=$queue" \
		"--sample.orders.work=${MS}ms" "--spring.rabbitmq.listener.type=$TYPE" "--graceful-shutdown.enabled=$enabled" >"$WORK/$enabled.log" 2>&1 &
	local app=$!
	PIDS+=($app)
	wait_for "$WORK/$enabled.log" "order 1 started" 90
	sleep 1
	local signalled rc=0
	signalled=$(date +%s%N)
	kill -TERM "$app"
	wait "$app" || rc=$?
	local exited=$((($(date +%s%N) - signalled) / 1000000))
	local left
	left="$("$JAVA" -cp "$CP" benchmarks/lib/RabbitOrders.java take "$PORT" "$queue" | awk '{print $2}' | paste -sd, || true)"
	orders() { grep -o "order [0-9] $2" "$1" | awk '{print $2}' | paste -sd, || true; }
	echo "starter=$enabled MS=$MS TYPE=$TYPE: exit $rc ${exited} ms after SIGTERM, started [$(orders "$WORK/$enabled.log" started)] done [$(orders "$WORK/$enabled.log" done)]; left on the queue [$left]"
}
for variant in "${@:-false true}"; do
	for enabled in $variant; do run "$enabled"; done
done
