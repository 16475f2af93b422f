#!/usr/bin/env bash
# JMH: the request-path overhead of the in-flight tracking (InFlightTracker.started()/finished()
# and InFlightRequestFilter.doFilter with spring-test's mock request and response), in ns/op and,
# with -prof gc, bytes allocated per op (gc.alloc.rate.norm).
#
# benchmarks/jmh is not a module of the root pom, so ./mvnw verify never builds it. This
# script installs the library, packages the benchmarks as benchmarks/jmh/target/benchmarks.jar
# and runs it; extra arguments go to JMH (e.g. a regex of benchmarks, -f 3, -wi 5).
#
# usage: benchmarks/jmh.sh [jmh args...]     e.g. benchmarks/jmh.sh InFlightTrackingBenchmark.filter
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -B -q install -DskipTests
./mvnw -B -q -f benchmarks/jmh/pom.xml package
"$JAVA" -jar benchmarks/jmh/target/benchmarks.jar -foe true -prof gc -rf text -rff benchmarks/jmh/target/jmh-result.txt "$@"
echo
echo "JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; results also in benchmarks/jmh/target/jmh-result.txt"
