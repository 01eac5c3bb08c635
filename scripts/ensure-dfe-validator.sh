#!/usr/bin/env bash
# The DfE's rules as the public validator runs them, in an environment of their own:
# csc-validator-be-903 pins pandas < 2 and numpy < 1.25, which the app must not take.
# Makes .venv-validator once (about 30 s); prints its python's path.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="0.1.17"
VENV=.venv-validator
PYTHON="${PYTHON:-python3}"
if [ ! -f "$VENV/.installed-$VERSION" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet "csc-validator-be-903==$VERSION" >&2
  touch "$VENV/.installed-$VERSION"
fi
echo "$PWD/$VENV/bin/python"
