#!/usr/bin/env bash
# Creates <repo>/.venv with the pinned test tools of tools/requirements.txt
# (cfn-lint, moto's server, boto3, schemathesis). Safe to re-run: it reinstalls only when
# the requirements changed since the last successful install.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VPCRAFT_PYTHON_VENV:-$repo/.venv}"
requirements="$repo/tools/requirements.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
  && [ -x "$venv/bin/cfn-lint" ] && [ -x "$venv/bin/moto_server" ] && [ -x "$venv/bin/st" ]; then
  echo "setup-python: $venv is up to date"
  exit 0
fi

python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
echo "$wanted" > "$stamp"
echo "setup-python: installed $("$venv/bin/cfn-lint" --version) and moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') into $venv"
