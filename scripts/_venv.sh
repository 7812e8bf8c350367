# Sourced by scripts/demo and scripts/test: make .venv with the project installed.
# Every run brings an existing venv up to the newest versions that pyproject.toml allows
# (eager upgrade), so a developer's venv sees what a clean machine sees.
# TRACEWIRE_FRESH_VENV=1 throws the venv away first (CI does).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ "${TRACEWIRE_FRESH_VENV:-0}" = 1 ]; then
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
EXTRAS="${1:-}"
PIP=(.venv/bin/python -m pip --disable-pip-version-check)
"${PIP[@]}" install --quiet --upgrade pip >/dev/null
"${PIP[@]}" install --quiet --upgrade --upgrade-strategy eager -e ".${EXTRAS}"
