#!/usr/bin/env bash
# The public page's in-browser verifier on a synthetic version 2 draw: bench/public-verify/run.sh [MEMBERS]
# gen.py builds the draw from the specification (docs/DRAW-ALGORITHM.md, Python, standard library),
# serve.py serves it with verify.js, headless Chromium verifies it and posts MATCH and the time.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
PORT="${PORT:-18931}"
cd "$WORK"
python3 "$HERE/gen.py" "${1:-100000}" >&2
python3 "$HERE/serve.py" "$PORT" "$ROOT/src/main/resources/static/public" > result.txt 2>&1 &
SERVER=$!
sleep 1
"${SPOTCHECK_CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$WORK/profile" --remote-debugging-port=0 \
  "http://127.0.0.1:$PORT/bench.html" > chromium.log 2>&1 &
BROWSER=$!
for _ in $(seq 1 300); do [ -f done ] && break; sleep 1; done
kill "$BROWSER" "$SERVER" 2>/dev/null || true
cat result.txt
rm -rf "$WORK"
