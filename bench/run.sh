#!/usr/bin/env bash
# Runs the benchmarks behind docs/BENCHMARKS.md (called by ./spotcheck bench, which has started
# Elasticsearch and Redis and built the server jar).
#   ./spotcheck bench [--subjects N] [--only import,search,scope,draw,snapshot,inspectors,review,stats,growth,load]
# The server runs as its own process with the production heap cap and JVM options (-Xms512m -Xmx512m, 4 MB G1 regions, as the Dockerfile) under the index prefix
# bench- (BENCH_PREFIX overrides it, e.g. to run beside another bench on another BENCH_PORT), so
# benchmark data never mixes with the demo data. Figures are written into
# docs/BENCHMARKS.md; raw output goes to bench/out/ (ignored). The bench's own callers (benchadmin,
# benchscjg, benchsearch) are exempt from the rate limit, which stays on for everyone else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ES_URL="${ES_URL:-http://127.0.0.1:9200}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PORT="${BENCH_PORT:-18181}"
PREFIX="${BENCH_PREFIX:-bench-}"
export BENCH_PREFIX="$PREFIX"
# BENCH_OUT: raw output directory, so two runs (other sizes, other prefixes and ports) can go side by side.
OUT="${BENCH_OUT:-bench/out}"
mkdir -p "$OUT"

mvn -B -q test-compile >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >&2
# The client runs from a copy of the classes too, so compiling while a run starts does not pull them away.
rm -rf "$OUT/classes" "$OUT/test-classes" && cp -r target/classes target/test-classes "$OUT/"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")"

# The server runs from a copy, so rebuilding while a benchmark runs does not pull its jar away.
cp target/spotcheck.jar "$OUT/spotcheck.jar"
# BENCH_SERVER_OPTS: extra JVM options for the server, e.g. a flight recording to profile a section:
#   BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=bench/out/server.jfr,settings=profile"
ES_URL="$ES_URL" REDIS_URL="$REDIS_URL" java -Xms512m -Xmx512m -XX:G1HeapRegionSize=4m -Xlog:gc:file="$OUT/gc.log" ${BENCH_SERVER_OPTS:-} \
  -jar "$OUT/spotcheck.jar" --server.port="$PORT" --spring.profiles.active=dev \
  --spotcheck.seed.enabled=false --spotcheck.elasticsearch.prefix="$PREFIX" --spotcheck.redis.key-prefix="${PREFIX%-}:" \
  --spotcheck.limits.rate.overrides.benchadmin=10000000 --spotcheck.limits.rate.overrides.benchscjg=10000000 \
  --spotcheck.limits.rate.overrides.benchsearch=10000000 --spotcheck.limits.rate.overrides.benchreview=10000000 \
  > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
  sleep 1
done

java -Xmx3g -cp "$CP" io.spotcheck.bench.BenchMain --url "http://127.0.0.1:$PORT" --es "${ES_URL%%,*}" --es-nodes "$ES_URL" \
  --server-pid "$SERVER" --gc-log "$OUT/gc.log" --server-log "$OUT/server.log" "$@" 2>&1 | tee "$OUT/bench.log"
