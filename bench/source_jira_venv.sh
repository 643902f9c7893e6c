#!/usr/bin/env bash
# Creates bench/.venv-source-jira with Airbyte's source-jira 4.0.0 from PyPI (the competitor in bench_core.py).
#
#   bash bench/source_jira_venv.sh            # idempotent: does nothing when the venv already has 4.0.0
#   bash bench/source_jira_venv.sh CA.pem     # also trust CA.pem in that venv (replaces the last fake CA)
#
# Why the certifi edit: source-jira 4.0.0 (CDK 6.x) sends with requests' Session.send(), which ignores
# REQUESTS_CA_BUNDLE (and requests hands certifi's file to OpenSSL, so SSL_CERT_FILE is ignored too), and it
# builds `https://{domain}/rest/api/3/` with no CA option. The fake API serves HTTPS with a CA made at start,
# so this venv's certifi bundle (this venv only) gets that CA between two marker lines, replaced on each call.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-source-jira"
python="${PYTHON:-python3.11}"
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("airbyte-source-jira") == "4.0.0"' 2>/dev/null; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "airbyte-source-jira==4.0.0"
fi
if [ "${1:-}" != "" ]; then
  "$venv/bin/python" - "$1" <<'PY'
import re, sys, certifi
begin, end = "# --- fake-api CA (bench/source_jira_venv.sh) ---", "# --- end fake-api CA ---"
bundle = certifi.where()
text = open(bundle).read()
text = re.sub(rf"\n?{re.escape(begin)}.*?{re.escape(end)}\n", "", text, flags=re.S)
ca = open(sys.argv[1]).read().strip()
open(bundle, "w").write(f"{text.rstrip()}\n{begin}\n{ca}\n{end}\n")
print(f"trusting {sys.argv[1]} in {bundle}")
PY
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("source-jira", m.version("airbyte-source-jira"), "airbyte-cdk", m.version("airbyte-cdk"))'
