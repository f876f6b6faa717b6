#!/usr/bin/env bash
# Benchmarks our TCF decoder + policy against iabtcf-java with JMH, allocation profiling included (-prof gc).
# Usage: src/bench/tcf-jmh.sh [extra JMH options]   e.g.  src/bench/tcf-jmh.sh -p input=heavy
# BENCH_JAVA_HOME selects the JVM that runs the benchmark (default: Temurin 25); compilation uses ./mvnw's JDK.
# JMH_RUN overrides the run settings. The default is modest (1 fork, 3x1s warm-up, 5x1s measurement for each of
# the 9 benchmarks): about 2-3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JMH_RUN=${JMH_RUN:--f 1 -wi 3 -w 1s -i 5 -r 1s}
CLASSPATH_FILE=target/tcf-bench.classpath

./mvnw -q test-compile
./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"

"$BENCH_JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
    org.openjdk.jmh.Main 'io\.chatcontinuity\.consent\.tcf\.TcfDecodeBenchmark\.' \
    $JMH_RUN -prof gc \
    -rf json -rff target/tcf-jmh.json "$@"
