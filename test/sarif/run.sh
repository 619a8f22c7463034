#!/bin/sh
# Validates corolint's SARIF output against the SARIF 2.1.0 schema with ajv
# (node --test), after `npm ci` unless --no-install.
#   COROLINT=build/tool/corolint test/sarif/run.sh [--no-install]
set -eu
cd "$(dirname "$0")"
if [ "${1:-}" != --no-install ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec npm test
