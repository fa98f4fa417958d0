#!/usr/bin/env bash
# Installs the packages of the Node front-end tests from package-lock.json (npm registry, cached in
# ~/.npm); skipped when node_modules already holds exactly this lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2
  cp package-lock.json node_modules/.installed-lock
fi
