package io.mdrotator.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The policy file exactly as written (before defaults), bound strictly from the schema-checked
 * tree. Absent optional keys are null. Package-private: only the loader sees raw files. {@code
 * retire} is {@code true}/{@code false} or {@code {gracePeriod, destroy}} (the schema checks which),
 * read by the resolver.
 */
record PolicyFile(
    @JsonProperty(value = "version", required = true) Integer version,
    @JsonProperty("defaults") Defaults defaults,
    @JsonProperty(value = "accounts", required = true) List<Account> accounts) {

  record Defaults(
      @JsonProperty("ttl") String ttl,
      @JsonProperty("renewBefore") String renewBefore,
      @JsonProperty("gracePeriod") String gracePeriod,
      @JsonProperty("vaultPath") String vaultPath,
      @JsonProperty("ensureExists") Boolean ensureExists,
      @JsonProperty("unmanagedTokens") String unmanagedTokens) {}

  record Account(
      @JsonProperty(value = "username", required = true) String username,
      @JsonProperty("ensureExists") Boolean ensureExists,
      @JsonProperty("unmanagedTokens") String unmanagedTokens,
      @JsonProperty("ttl") String ttl,
      @JsonProperty("renewBefore") String renewBefore,
      @JsonProperty("gracePeriod") String gracePeriod,
      @JsonProperty("vaultPath") String vaultPath,
      @JsonProperty("ducklings") Ducklings ducklings,
      @JsonProperty("retire") JsonNode retire,
      @JsonProperty(value = "slots", required = true) List<Slot> slots) {}

  record Slot(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "token_type", required = true) String tokenType,
      @JsonProperty("ttl") String ttl,
      @JsonProperty("renewBefore") String renewBefore,
      @JsonProperty("gracePeriod") String gracePeriod,
      @JsonProperty("vaultPath") String vaultPath,
      @JsonProperty("retire") JsonNode retire) {}

  record Ducklings(
      @JsonProperty(value = "read_write", required = true) ReadWrite readWrite,
      @JsonProperty(value = "read_scaling", required = true) ReadScaling readScaling) {}

  record ReadWrite(
      @JsonProperty(value = "instance_size", required = true) String instanceSize,
      @JsonProperty("cooldown_seconds") Integer cooldownSeconds) {}

  record ReadScaling(
      @JsonProperty(value = "instance_size", required = true) String instanceSize,
      @JsonProperty(value = "flock_size", required = true) Integer flockSize,
      @JsonProperty("cooldown_seconds") Integer cooldownSeconds) {}
}
