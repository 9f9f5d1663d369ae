#!/usr/bin/env bash
# Walks the MotherDuck Admin API with curl (service account -> token -> Ducklings -> list -> revoke ->
# delete) against MD_URL (default: the real API) with the admin token read from MD_ADMIN_TOKEN_FILE.
# Usernames use underscores: hyphens are invalid per the API reference.
# The token secret is never printed. Usage:
#   MD_URL=http://127.0.0.1:8080 MD_ADMIN_TOKEN_FILE=./admin-token scripts/guide-curl.sh [username]
set -euo pipefail

url="${MD_URL:-https://api.motherduck.com}"
token_file="${MD_ADMIN_TOKEN_FILE:?set MD_ADMIN_TOKEN_FILE to a file holding the admin token}"
user="${1:-my_service_account_001}"
auth_header="$(mktemp)"
trap 'rm -f "$auth_header"' EXIT
chmod 600 "$auth_header"
# Header from a file, so the token never appears in the process list.
printf 'Authorization: Bearer %s\n' "$(tr -d '\r\n' < "$token_file")" > "$auth_header"

call() { # method path [json-body]
  local args=(-sS -X "$1" "$url$2" -H "@$auth_header" -H "Content-Type: application/json" -w '\nHTTP %{http_code}\n')
  if [[ $# -ge 3 ]]; then args+=(-d "$3"); fi
  curl "${args[@]}"
}

echo "== Step 1: create service account $user"
call POST /v1/users "{\"username\": \"$user\"}"

echo "== Step 2: create token (ttl 300 s)"
reply="$(call POST "/v1/users/$user/tokens" \
  "{\"name\": \"token-for-$user\", \"ttl\": 300, \"token_type\": \"read_write\"}")"
echo "$reply" | sed -E 's/"token":"[^"]*"/"token":"[redacted]"/'
token_id="$(echo "$reply" | sed -nE 's/.*"id":"([^"]+)".*/\1/p' | head -1)"

echo "== Step 3: set Ducklings"
call PUT "/v1/users/$user/instances" \
  '{"config":{"read_write":{"instance_size":"jumbo"},"read_scaling":{"instance_size":"pulse","flock_size":16}}}'

echo "== List tokens"
call GET "/v1/users/$user/tokens"

echo "== Revoke token $token_id"
call DELETE "/v1/users/$user/tokens/$token_id"

echo "== Delete service account $user"
call DELETE "/v1/users/$user"
