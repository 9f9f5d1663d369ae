# Vault policy for the md-rotator daemon (least privilege).
#   vault policy write md-rotator config/vault/md-rotator.hcl
# Assumes the KV v2 engine is mounted at secret/ (vault secrets enable -path=secret kv-v2) and the
# AppRole role created with token_no_default_policy=true (docs/deployment.md), so this file is
# everything the daemon's token may do. Tokens live at secret/motherduck/<user>/<slot>; the daemon's
# bookkeeping (rotation intents, superseded token ids awaiting revocation) at
# secret/md-rotator/state/<user>/<slot>. Nothing else is granted: no list, no undelete or destroy of
# a version, no sys/ path. Deleting is for retirement (policy retire, md-rotator retire --now: a
# retired slot's latest token version soft-deleted, or with destroy its key removed with every
# version, and its state document removed) and for `md-rotator delete-account` (which runs with
# these credentials): it soft-deletes the latest version of a slot's secret and state document, and
# with --destroy removes a key's every version and metadata.
#
# Every grant below is used. LeastPrivilegeTest runs the daemon's whole cycle under exactly this
# file; NothingExtraTest removes each capability in turn and names the operation that then fails
# (both in src/test/java/io/mdrotator/security/).
#
# KV v2 tells create from update by whether the key has a metadata entry: a write to a key that has
# none yet needs "create", any other write "update".

# Current token per slot: read what is served; write each new token (always with check-and-set;
# enforce it for every writer with cas_required, see docs/deployment.md). "update" only: the daemon
# writes a slot's custom_metadata before its first token, so the key exists by then (adopt too).
# delete: soft-delete of the latest version by a retirement (once the slot's tokens are revoked)
# and by delete-account.
path "secret/data/motherduck/*" {
  capabilities = ["read", "update", "delete"]
}

# Key metadata. read: the current version (the check-and-set base while no version is readable, and
# after a check-and-set conflict or a lost reply). create/update: custom_metadata (managed-by, slot)
# written before a slot's first token; "create" for a new key, "update" for a key the operator
# prepared (vault kv metadata put -cas-required=true ...). delete: a retirement with destroy and
# delete-account --destroy.
path "secret/metadata/motherduck/*" {
  capabilities = ["create", "read", "update", "delete"]
}

# Rotator state, one document per slot, written with check-and-set: "create" at a slot's first
# rotation, "update" after. No consumer ever reads it. delete: delete-account.
path "secret/data/md-rotator/state/*" {
  capabilities = ["create", "read", "update", "delete"]
}

# The current version of a state document (the check-and-set base while none is readable, and after
# a conflict or a lost reply). Its metadata is never written; delete: the last step of a retirement
# (the state document goes with its history) and delete-account --destroy.
path "secret/metadata/md-rotator/state/*" {
  capabilities = ["read", "delete"]
}

# The daemon's own Vault token. lookup-self: with vault.auth.method token, the daemon reads the
# given token's TTL and renewability at start.
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# renew-self: the token is renewed at 2/3 of its lease (then logged in again at token_max_ttl).
path "auth/token/renew-self" {
  capabilities = ["update"]
}

# Readiness: /v1/sys/health needs no token; mount detection is not used (the KV version is
# configured), so no sys/mounts access is granted. The daemon's rotation cycle never deletes; only
# retirement and delete-account do. A hand-made token that `md-rotator adopt` takes over is read
# from the team's own path, which this file does not grant: see adopt-source-example.hcl.
