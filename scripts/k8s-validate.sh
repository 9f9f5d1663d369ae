#!/usr/bin/env bash
# Renders the Kubernetes manifests (config/kubernetes: overlays single and ha, the consumer
# examples) with `kubectl kustomize` and validates every object offline against the Kubernetes
# API schemas (scripts/k8s-validate/validate.mjs: kubernetes-models' validators plus strict
# TypeScript types, which also reject unknown fields). Renders land in target/kubernetes/.
#
#   scripts/k8s-validate.sh
#   MDROTATOR_KUBECTL=/path/to/kubectl-1.20:/usr/bin/kubectl scripts/k8s-validate.sh
#
# MDROTATOR_KUBECTL: colon-separated kubectl binaries; each one renders and each render is
# validated (CI passes Debian's kubectl 1.20, whose kustomize v2.0.3 is the oldest the manifests
# must work with, and any newer kubectl on the machine). Default: the kubectl on PATH.
# Needs node and npm: the first run installs the pinned packages of scripts/k8s-validate/
# (package-lock.json) into target/k8s-validate with `npm ci`; after that no network is used.
# Exit 0 all valid, 1 a render or validation failed, 2 a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/kubernetes
work=target/k8s-validate
targets=(overlays/single overlays/ha examples)

IFS=: read -r -a kubectls <<< "${MDROTATOR_KUBECTL:-$(command -v kubectl || true)}"
if [[ ${#kubectls[@]} -eq 0 || -z "${kubectls[0]}" ]]; then
  echo "k8s-validate: kubectl not found; install Debian's kubernetes-client (apt-get install kubernetes-client)" >&2
  exit 2
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "k8s-validate: $tool not found" >&2; exit 2; }
done

mkdir -p "$out" "$work"
files=()
for k in "${kubectls[@]}"; do
  [[ -x "$k" ]] || k="$(command -v "$k" || true)"
  [[ -n "$k" && -x "$k" ]] || { echo "k8s-validate: not an executable kubectl: $k" >&2; exit 2; }
  version="$("$k" version --client -o json 2>/dev/null | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -1)"
  [[ -n "$version" ]] || { echo "k8s-validate: cannot read the version of $k" >&2; exit 2; }
  for t in "${targets[@]}"; do
    f="$out/kubectl-$version-${t##*/}.yaml"
    if ! "$k" kustomize "config/kubernetes/$t" > "$f" 2> "$f.err"; then
      echo "k8s-validate: $k ($version) cannot render config/kubernetes/$t:" >&2
      cat "$f.err" >&2
      exit 1
    fi
    echo "k8s-validate: rendered config/kubernetes/$t with kubectl $version ($k): $(grep -c '^kind:' "$f") objects -> $f"
    files+=("$f")
  done
done

cp scripts/k8s-validate/package.json scripts/k8s-validate/package-lock.json \
   scripts/k8s-validate/validate.mjs scripts/k8s-validate/secrets-store.d.ts "$work/"
if ! cmp -s "$work/package-lock.json" "$work/node_modules/.installed-lock.json" 2>/dev/null; then
  echo "k8s-validate: npm ci in $work (pinned by scripts/k8s-validate/package-lock.json)"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$work/package-lock.json" "$work/node_modules/.installed-lock.json"
fi
node "$work/validate.mjs" "${files[@]}"
