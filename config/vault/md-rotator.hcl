# Vault policy for the md-rotator daemon (least privilege).
#   vault policy write md-rotator config/vault/md-rotator.hcl
# Assumes the KV v2 engine is mounted at secret/ (vault secrets enable -path=secret kv-v2).
# Tokens live at secret/motherduck/<user>/<slot>; the daemon's own bookkeeping (superseded token
# ids awaiting revocation, ...) at secret/md-rotator/state/<...>. Nothing else is granted.

# Current token per service-account slot: read it, write new versions (the daemon always writes
# with check-and-set; enforce it for everyone with cas_required on the key metadata or the mount,
# see docs/deployment.md). No "delete": old versions are soft-deleted by number below.
path "secret/data/motherduck/*" {
  capabilities = ["create", "read", "update"]
}

# Version metadata (current version for CAS, custom_metadata, listing slots); deleting a slot's
# whole history when a slot is removed from the policy. "create": a slot's first write is its
# custom_metadata, and KV v2 counts a metadata write to a key with no metadata yet as a create.
path "secret/metadata/motherduck/*" {
  capabilities = ["create", "read", "list", "update", "delete"]
}

# Soft-delete of specific old versions once their MotherDuck token is revoked.
path "secret/delete/motherduck/*" {
  capabilities = ["update"]
}

# Rotator state: same shape, no consumer ever reads it.
path "secret/data/md-rotator/state/*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "secret/metadata/md-rotator/state/*" {
  capabilities = ["read", "list", "update", "delete"]
}

path "secret/delete/md-rotator/state/*" {
  capabilities = ["update"]
}

# The daemon's own Vault token: inspect TTL and renew it before it expires.
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}

# Readiness: /v1/sys/health needs no token; mount detection is not used (KV version is configured),
# so no sys/mounts access is granted.
