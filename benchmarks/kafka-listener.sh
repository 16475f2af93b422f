#!/usr/bin/env bash
# A @KafkaListener in the middle of a record at SIGTERM, with the starter and without it
# (graceful-shutdown.enabled=false: plain Spring Boot). A real broker (KRaft, spring-kafka-test's
# KafkaBrokerMain) in a JVM of its own; 4 records on a topic of one partition; the test classpath's
# KafkaOrdersApplication takes MS per record; SIGTERM 1 s into the first. Then a second instance of
# the same group (records take no time) takes what is left. Prints the exit code and time of the
# first, what each instance started and finished, and when the second finished the last record.
#
# usage: benchmarks/kafka-listener.sh [true|false ...]   (default: false true; MS=12000)
# Build first: ./mvnw -B -DskipTests install -pl graceful-shutdown-autoconfigure,graceful-shutdown-spring-boot-starter,graceful-shutdown-test
#              ./mvnw -B -DskipTests -pl sample-app/spring-boot-4.0,sample-app test-compile
set -euo pipefail
cd "$(dirname "$0")/.."
MS="${MS:-12000}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
./mvnw -B -q -o -pl sample-app/spring-boot-4.0,sample-app dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile="$WORK/cp" >/dev/null
# Spring Security stays off this classpath, as in the whole-process tests.
CP="$PWD/sample-app/target/test-classes:$PWD/sample-app/target/classes:$(tr ':' '\n' <"$WORK/cp" | grep -v security | paste -sd:)"
wait_for() { # file text seconds
	for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" && return 0; sleep 0.1; done
	echo "no '$2' in $1 within $3 s" >&2
	return 1
}
run() {
	local enabled="$1" dir="$WORK/$1"
	mkdir -p "$dir"
	mkfifo "$dir/in"
	sleep 600 >"$dir/in" &
	PIDS+=($!)
	"$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" dev.gracefulshutdown.brokers.kafka.KafkaBrokerMain <"$dir/in" >"$dir/broker.log" 2>&1 &
	PIDS+=($!)
	wait_for "$dir/broker.log" "Kafka broker ready at" 90
	local bootstrap topic="orders-$RANDOM" group="orders-$RANDOM"
	bootstrap="$(grep -o 'ready at .*' "$dir/broker.log" | awk '{print $3}')"
	"$JAVA" -cp "$CP" benchmarks/lib/KafkaProduce.java "$bootstrap" "$topic" 4 >"$dir/produce.log" 2>&1
	local args=(--spring.main.web-application-type=none "--spring.kafka.bootstrap-servers=$bootstrap"
		--spring.kafka.consumer.auto-offset-reset=earliest "--orders.topic=$topic" "--orders.group=$group"
		"--graceful-shutdown.enabled=$enabled")
	"$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" dev.gracefulshutdown.brokers.kafka.KafkaOrdersApplication "${args[@]}" \
		"--orders.work-ms=$MS" >"$dir/first.log" 2>&1 &
	local first=$!
	PIDS+=($first)
	wait_for "$dir/first.log" "order 1 started" 90
	sleep 1
	local signalled rc=0
	signalled=$(date +%s%N)
	kill -TERM "$first"
	wait "$first" || rc=$?
	local exited=$((($(date +%s%N) - signalled) / 1000000))
	"$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" dev.gracefulshutdown.brokers.kafka.KafkaOrdersApplication "${args[@]}" \
		--orders.work-ms=0 >"$dir/second.log" 2>&1 &
	local second=$!
	PIDS+=($second)
	wait_for "$dir/second.log" "order 4 done" 120
	local last=$((($(date +%s%N) - signalled) / 1000000))
	kill -TERM "$second"
	wait "$second" || true
	orders() { grep -o "order [0-9] $2" "$1" | awk '{print $2}' | paste -sd, || true; }
	echo "starter=$enabled MS=$MS: first instance exit $rc ${exited} ms after SIGTERM, started [$(orders "$dir/first.log" started)] done [$(orders "$dir/first.log" done)]; second instance done [$(orders "$dir/second.log" done)], the last ${last} ms after the first SIGTERM"
	pkill -P $$ sleep 2>/dev/null || true
}
for variant in "${@:-false true}"; do
	for enabled in $variant; do run "$enabled"; done
done
