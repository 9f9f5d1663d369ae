#!/usr/bin/env bash
# Validates the alert rules with promtool: syntax (check rules) and behaviour (test rules).
# With a URL argument, also lints a live scrape: scripts/promtool-check.sh http://127.0.0.1:9464/metrics
# Needs promtool from the Debian package "prometheus".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v promtool >/dev/null || { echo "promtool not found: apt-get install -y --no-install-recommends prometheus" >&2; exit 2; }
promtool check rules config/prometheus/md-rotator-alerts.yaml
promtool test rules config/prometheus/md-rotator-alerts.test.yaml
if [[ $# -ge 1 ]]; then
  curl -fsS -H 'Accept: text/plain' "$1" | promtool check metrics
  echo "metrics at $1: lint clean"
fi
