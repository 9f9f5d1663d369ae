# Example read-only policy for one application consuming one rotated MotherDuck token.
#   vault policy write analytics-app config/vault/consumer-example.hcl
# Replace etl_sa/app with the service account (MotherDuck user) and slot from your policy file.
# The consumer reads the current version (vault kv get, a Vault Agent template) and, during the
# grace period, the previous one (vault kv get -version=N, GET ...?version=N): both are reads of
# the data path, the only grant here. It can neither write, delete nor list, cannot read other
# slots and cannot see rotator state (LeastPrivilegeTest, src/test/java/io/mdrotator/security/).

path "secret/data/motherduck/etl_sa/app" {
  capabilities = ["read"]
}

# Not needed to read the token. Add it only if the application (or an operator using its token)
# runs `vault kv metadata get` to see the key's version history and custom_metadata:
# path "secret/metadata/motherduck/etl_sa/app" {
#   capabilities = ["read"]
# }
