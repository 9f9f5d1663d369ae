#!/usr/bin/env bash
# Writes the alert rules to stdout with the runbook base URL of your choice:
#   scripts/render-alerts.sh --runbook-base https://git.example.com/sre/md-rotator/-/blob/main/docs/operations.md \
#     > /etc/prometheus/rules/md-rotator-alerts.yaml
# Every rule's runbook_url is the base + "#" + the anchor of its section in docs/operations.md; the
# shipped files use the base https://github.com/ORG/md-rotator/blob/main/docs/operations.md, which this
# replaces. Input: config/prometheus/md-rotator-alerts.yaml, or the file given with --in (e.g.
# config/kubernetes/base/prometheusrule.yaml for a Kubernetes overlay). Exit 2 on a bad base URL or
# when not every alert carries the shipped base (an input already rendered, or edited by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
shipped='https://github.com/ORG/md-rotator/blob/main/docs/operations.md'
in=config/prometheus/md-rotator-alerts.yaml
base=''
usage() { echo "usage: scripts/render-alerts.sh --runbook-base URL [--in FILE]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runbook-base) [[ $# -ge 2 ]] || usage; base="$2"; shift 2 ;;
    --in) [[ $# -ge 2 ]] || usage; in="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$base" ]] || usage
if [[ ! "$base" =~ ^https?://[^[:space:]\"#\'\\]+$ ]]; then
  echo "render-alerts: --runbook-base must be an http(s) URL without '#', quotes or spaces: $base" >&2
  exit 2
fi
base="${base%/}"
[[ -f "$in" ]] || { echo "render-alerts: no such file: $in" >&2; exit 2; }
alerts=$(grep -c -- '- alert:' "$in" || true)
urls=$(grep -c -F "runbook_url: \"$shipped#" "$in" || true)
if [[ "$alerts" -eq 0 || "$urls" -ne "$alerts" ]]; then
  echo "render-alerts: $in has $alerts alerts but $urls runbook_url annotations with the shipped base $shipped" >&2
  exit 2
fi
# The base is a literal: escape what sed's replacement treats specially (\ & and the | delimiter).
escaped=$(printf '%s' "$base" | sed 's/[\\&|]/\\&/g')
sed "s|runbook_url: \"${shipped//./\\.}#|runbook_url: \"${escaped}#|" "$in"
