#!/usr/bin/env bash
# Builds the server, starts it on its own port and index prefix against the Elasticsearch and Redis
# of ES_URL / REDIS_URL (default: the ones ./spotcheck services starts), runs the graphql-http
# audit suite against it and stops it again. Needs node >= 18 and npm.
#   bench/graphql-http-audit/run.sh            build, start, audit, stop
#   bench/graphql-http-audit/run.sh URL        only audit an already running server
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
[ -d node_modules/graphql-http ] || npm ci --no-audit --no-fund >/dev/null

if [ $# -gt 0 ]; then
  exec node audit.mjs "$1"
fi

PORT="${AUDIT_PORT:-18089}"
export ES_URL="${ES_URL:-http://127.0.0.1:9200}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
curl -fsS -m 3 -o /dev/null "$ES_URL/_cluster/health" || { echo "Elasticsearch not reachable at $ES_URL (run ./spotcheck services)"; exit 1; }

(cd "$ROOT" && mvn -B -q -DskipTests package)
LOG="$(mktemp -t graphql-http-audit.XXXXXX.log)"
SPOTCHECK_INDEX_PREFIX="audit-$$-" SPOTCHECK_REDIS_PREFIX="audit:$$:" SERVER_PORT="$PORT" \
  java -Xmx512m -jar "$ROOT/target/spotcheck.jar" --spring.profiles.active=dev --spotcheck.seed.enabled=false >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true
  # Remove this run's indices by name (the cluster refuses wildcard deletes).
  local indices
  indices="$(curl -fsS "$ES_URL/_cat/indices/audit-$$-*?h=index" 2>/dev/null | tr -s ' \n' ',' | sed 's/,$//')"
  [ -z "$indices" ] || curl -fsS -o /dev/null -XDELETE "$ES_URL/$indices" || true
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  curl -fs -m 2 -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  kill -0 $SERVER 2>/dev/null || { echo "server died; log in $LOG"; exit 1; }
  sleep 1
done
node audit.mjs "http://127.0.0.1:$PORT/graphql"
