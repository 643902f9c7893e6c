#!/usr/bin/env bash
# Creates bench/.venv-source-jira with Airbyte's source-jira 4.0.0 from PyPI (the competitor in bench_core.py).
#
#   bash bench/source_jira_venv.sh            # idempotent: does nothing when the venv already has 4.0.0
#   bash bench/source_jira_venv.sh CA.pem     # also trust CA.pem (appended once to that venv's certifi bundle)
#
# Why the certifi edit: source-jira 4.0.0 (CDK 6.x) sends with requests' Session.send(), which ignores
# REQUESTS_CA_BUNDLE, and builds `https://{domain}/rest/api/3/` with no way to pass a CA. The fake API serves
# HTTPS with a self-signed CA made at start, so the bench venv (and only it) trusts that CA through certifi.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-source-jira"
python="${PYTHON:-python3.11}"
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("airbyte-source-jira") == "4.0.0"' 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "airbyte-source-jira==4.0.0"
fi
if [ "${1:-}" != "" ]; then
  bundle="$("$venv/bin/python" -c 'import certifi; print(certifi.where())')"
  marker="# fake-api CA $(sha256sum "$1" | cut -c1-16)"
  if ! grep -qF "$marker" "$bundle"; then
    printf '\n%s\n' "$marker" >> "$bundle"
    cat "$1" >> "$bundle"
  fi
  echo "trusting $1 in $bundle"
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("source-jira", m.version("airbyte-source-jira"), "airbyte-cdk", m.version("airbyte-cdk"))'
