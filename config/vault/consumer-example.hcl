# Example read-only policy for one application consuming one rotated MotherDuck token.
#   vault policy write analytics-app config/vault/consumer-example.hcl
# Replace etl_sa/app with the service account (MotherDuck user) and slot from your policy file.
# The consumer reads the current version (and may read the previous one during the grace period
# with ?version=N); it can neither write, delete nor list other slots, and cannot see rotator state.

path "secret/data/motherduck/etl_sa/app" {
  capabilities = ["read"]
}

# Optional: lets `vault kv get` show version metadata and lets Vault Agent detect new versions.
path "secret/metadata/motherduck/etl_sa/app" {
  capabilities = ["read"]
}
