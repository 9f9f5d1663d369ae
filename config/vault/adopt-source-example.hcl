# Example extra policy for `md-rotator adopt`, attached to md-rotator's role only during a migration.
#   vault policy write md-rotator-adopt config/vault/adopt-source-example.hcl
#   vault write auth/approle/role/md-rotator token_policies=md-rotator,md-rotator-adopt
# Replace teams/etl/motherduck with the path where the team stored its hand-made token. read: adopt
# reads the token (and its field); delete: `adopt --move` soft-deletes the latest version there once
# the slot serves the token (leave it out for the default copy). Remove the policy from the role
# when the migration is done (docs/migration.md).

path "secret/data/teams/etl/motherduck" {
  capabilities = ["read", "delete"]
}
