#!/usr/bin/env bash
# Prove that a real (non-editable) install carries the templates and the
# scaffold: build a wheel from a copy of the sources, install it into a
# throwaway venv, then `pitch new` + `pitch check` + `pitch build` there.
# The copy keeps setuptools' build/lib out of the project's build/ folder.
set -euo pipefail

python=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/src"
cp -r "$root/pyproject.toml" "$root/README.md" "$root/pitch" "$root/templates" "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" wheel --quiet --no-deps "$work/src" -w "$work/wheels"
"$work/venv/bin/pip" install --quiet "$work"/wheels/*.whl

cd "$work"
"$work/venv/bin/pitch" --quiet new "$work/fresh-pitch"
"$work/venv/bin/pitch" check "$work/fresh-pitch"
"$work/venv/bin/pitch" --quiet build "$work/fresh-pitch"
echo "ok: the wheel installs, and a new pitch checks and builds"
