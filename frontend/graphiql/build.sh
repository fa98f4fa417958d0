#!/usr/bin/env bash
# Bundles GraphiQL into the server's static assets (Maven runs this in generate-resources):
# `npm ci` on the committed package-lock.json (packages from the npm registry, cached in ~/.npm),
# then esbuild. Both steps are skipped when their inputs have not changed. Without node/npm the
# build goes on and /graphiql says how to get it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/../../target/classes/static/graphiql}"
mkdir -p "$OUT"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "[graphiql] WARNING: node/npm not found; /graphiql will not be bundled (install Node.js 20+ and rebuild)" >&2
  cat > "$OUT/index.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>GraphiQL not built</title>
<p>GraphiQL was not bundled into this build: Node.js 20+ and npm were missing on the build machine.
Rebuild with them installed (<code>mvn package</code>). The API itself is at <code>/graphql</code>.</p>
HTML
  exit 0
fi
cd "$HERE"
# node_modules/.installed-lock is the lock file the last `npm ci` installed.
if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  echo "[graphiql] npm ci" >&2
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2
  cp package-lock.json node_modules/.installed-lock
fi
if [ -f "$OUT/graphiql.js" ] && [ -z "$(find src build.mjs package-lock.json -newer "$OUT/graphiql.js" 2>/dev/null | head -1)" ]; then
  exit 0
fi
node build.mjs "$OUT"
